// policytasks review page: link the cards and the text. No libraries, nothing fetched.
(function () {
  "use strict";
  var text = document.getElementById("text");
  var cards = document.getElementById("cards");

  function flash(el) {
    el.classList.remove("flash");
    void el.offsetWidth; // restart the animation
    el.classList.add("flash");
  }

  function select(i) {
    var old = document.querySelectorAll(".current");
    for (var k = 0; k < old.length; k++) old[k].classList.remove("current");
    var region = document.getElementById("text-task-" + i);
    var card = document.getElementById("task-" + i);
    if (region) region.classList.add("current");
    if (card) card.classList.add("current");
    return { region: region, card: card };
  }

  function showInText(i) {
    var got = select(i);
    if (got.region) got.region.scrollIntoView({ block: "start", inline: "nearest" });
  }

  function showCard(i) {
    var got = select(i);
    if (got.card) {
      got.card.scrollIntoView({ block: "nearest", inline: "nearest" });
      flash(got.card);
    }
  }

  function gotoMark(id) {
    var all = text.querySelectorAll("mark[data-m]");
    for (var k = 0; k < all.length; k++) {
      if ((" " + all[k].getAttribute("data-m") + " ").indexOf(" " + id + " ") >= 0) {
        all[k].scrollIntoView({ block: "center", inline: "nearest" });
        flash(all[k]);
        return true;
      }
    }
    return false;
  }

  cards.addEventListener("click", function (ev) {
    if (String(window.getSelection ? window.getSelection() : "").length) return; // copying, not navigating
    var card = ev.target.closest(".card[data-task]");
    if (card) showInText(card.getAttribute("data-task"));
    var goto = ev.target.closest("[data-goto]");
    if (goto) gotoMark(goto.getAttribute("data-goto"));
  });

  cards.addEventListener("keydown", function (ev) {
    var card = ev.target.closest && ev.target.closest(".card[data-task]");
    if (card && (ev.key === "Enter" || ev.key === " ")) {
      ev.preventDefault();
      showInText(card.getAttribute("data-task"));
    }
  });

  text.addEventListener("click", function (ev) {
    if (String(window.getSelection ? window.getSelection() : "").length) return;
    var el = ev.target.closest("[data-task]");
    if (el) showCard(el.getAttribute("data-task"));
  });

  document.getElementById("top").addEventListener("click", function (ev) {
    var a = ev.target.closest("a.goto-card");
    if (!a) return;
    ev.preventDefault();
    showCard(a.getAttribute("data-task"));
    showInText(a.getAttribute("data-task"));
  });

  var m = /^#task-(\d+)$/.exec(location.hash);
  if (m) showInText(m[1]);
})();
