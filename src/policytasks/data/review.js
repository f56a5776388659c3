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
    if (card && !card.classList.contains("current")) showInText(card.getAttribute("data-task"));
    var goto = ev.target.closest("[data-goto]");
    if (goto) gotoMark(goto.getAttribute("data-goto"));
  });

  cards.addEventListener("keydown", function (ev) {
    var card = ev.target.closest && ev.target.closest(".card[data-task]");
    if (card && card === ev.target && !ev.ctrlKey && !ev.metaKey && (ev.key === "Enter" || ev.key === " ")) {
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

// ---- editing: every golden field in place, checked marks, Save golden ---------------------------
(function () {
  "use strict";
  var cards = document.getElementById("cards");
  var text = document.getElementById("text");
  var body = document.body;
  var COMPARATORS = ["eq", "ge", "gt", "le", "lt", "approx", "range"];
  var NOTICE_FIELDS = ["issuer", "doc_number", "title", "plan_title", "year", "signed_on", "recipients", "cc",
    "publication", "printed_by", "printed_on", "kind"];
  var UNCERTAIN = ["category", "section", "targets", "coverage", "deadline", "responsible", "progress"];
  var lastMark = null; // the mark a field was reached from, to go back to

  function $(sel, root) { return (root || document).querySelector(sel); }
  function $$(sel, root) { return Array.prototype.slice.call((root || document).querySelectorAll(sel)); }
  function f(root, name) { return root.querySelector('[data-f="' + name + '"]'); }
  function val(root, name) { var el = f(root, name); return el ? el.value.trim() : ""; }
  function taskCards() { return $$("article.card.task", cards); }
  function live(c) { return !c.classList.contains("removed"); }
  // a task goes into the golden file when it is not removed and is checked (or unchecked ones are kept)
  function saved(c) { return live(c) && (f(c, "checked").checked || $("#keep-unchecked").checked); }

  // -- validation, as the contract says --------------------------------------------------------
  var NUM = /^-?\d+(\.\d+)?$/;
  function num(s) { s = s.replace(/[,\s]/g, ""); return NUM.test(s) ? Number(s) : NaN; }
  function isDate(s) {
    var m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
    if (!m) return false;
    var d = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3]));
    return d.getUTCFullYear() === +m[1] && d.getUTCMonth() === +m[2] - 1 && d.getUTCDate() === +m[3];
  }
  function categories() {
    var ta = f(document.getElementById("notice"), "categories");
    return ta.value.split("\n").map(function (s) { return s.trim(); }).filter(Boolean);
  }
  // the error for one input, or "" (cross-field rules look at the row or card around it)
  function problem(el) {
    var v = el.value.trim(), name = el.getAttribute("data-f");
    var row = el.closest("tr.tg"), card = el.closest("article.card");
    switch (name) {
      case "number": return /^[1-9]\d*$/.test(v) ? "" : "a whole number, 1 or more";
      case "value": return v && !isNaN(num(v)) ? "" : "a number";
      case "value_max":
        if (v && isNaN(num(v))) return "a number, or empty";
        var cmp = val(row, "comparator");
        if (cmp === "range" && !v) return "a range needs its upper end";
        if (cmp !== "range" && v) return "only a range has a max";
        if (v && num(v) < num(val(row, "value"))) return "below the value";
        return "";
      case "unit": return v && !/\s/.test(v) ? "" : "a unit (个, 户, %, 平方米…)";
      case "comparator": return COMPARATORS.indexOf(v) >= 0 ? "" : "one of " + COMPARATORS.join(", ");
      case "name": return v ? "" : "a body's name";
      case "dl-text": return v || f(card, "dl-none").checked ? "" : "the deadline as printed";
      case "dl-date": case "signed_on": case "printed_on":
        return !v || isDate(v) ? "" : "a date: YYYY-MM-DD";
      case "year": return !v || /^\d{4}$/.test(v) ? "" : "a year: YYYY";
      case "percent": return !v || (!isNaN(num(v)) && num(v) >= 0) ? "" : "a number, 0 or more";
      case "category":
        var cats = categories();
        return !v || !cats.length || cats.indexOf(v) >= 0 ? "" : "not one of the notice's categories";
      default: return "";
    }
  }
  function showProblem(el) {
    var msg = el.disabled ? "" : problem(el);
    var err = el.nextElementSibling && el.nextElementSibling.classList.contains("err") ? el.nextElementSibling : null;
    if (msg && !err) {
      err = document.createElement("span");
      err.className = "err";
      err.setAttribute("role", "alert");
      el.insertAdjacentElement("afterend", err);
    }
    if (err) { err.textContent = msg; err.hidden = !msg; }
    el.classList.toggle("invalid", !!msg);
    el.setAttribute("aria-invalid", msg ? "true" : "false");
    return !msg;
  }
  function validateAll(root) {
    var bad = [];
    $$("[data-f]", root).forEach(function (el) {
      var card = el.closest("article.task");
      if (el.closest("template") || (card && !saved(card))) return;
      if (!showProblem(el)) bad.push(el);
    });
    return bad;
  }

  // -- counts and card state -------------------------------------------------------------------
  function count() {
    var all = taskCards().filter(live);
    var n = all.filter(function (c) { return f(c, "checked").checked; }).length;
    $("#checked-count").textContent = n + "/" + all.length + " checked";
  }
  function setChecked(card, on) {
    f(card, "checked").checked = on;
    card.classList.toggle("checked", on);
    count();
  }
  function syncDeadline(card) {
    var none = f(card, "dl-none").checked;
    ["dl-text", "dl-date", "dl-precision", "dl-ongoing"].forEach(function (n) { f(card, n).disabled = none; });
    $(".dl", card).classList.toggle("none", none);
  }

  // -- from a mark to its field, and back ------------------------------------------------------
  function fieldFor(ids) {
    var rows = $$("[data-goto]", cards);
    for (var k = 0; k < rows.length; k++) {
      var own = rows[k].getAttribute("data-goto").split(" ");
      for (var j = 0; j < ids.length; j++) if (own.indexOf(ids[j]) >= 0) return rows[k];
    }
    return null;
  }
  function firstInput(root) { return $("input.in, select.in, textarea.in", root); }
  text.addEventListener("click", function (ev) {
    var mark = ev.target.closest("mark[data-m]");
    if (!mark || String(window.getSelection ? window.getSelection() : "").length) return;
    var row = fieldFor(mark.getAttribute("data-m").split(" "));
    var input = row && firstInput(row);
    if (!input) return;
    lastMark = mark;
    input.focus({ preventScroll: true });
    row.scrollIntoView({ block: "center", inline: "nearest" });
    input.classList.remove("flash"); void input.offsetWidth; input.classList.add("flash");
  });
  function backToText(from) {
    var row = from.closest("[data-goto]");
    if (!row) { // a field with no words of its own: show its task's lines
      var card = from.closest("article.task[data-task]");
      var region = card && document.getElementById("text-task-" + card.getAttribute("data-task"));
      if (region) region.scrollIntoView({ block: "start", inline: "nearest" });
      return !!region;
    }
    var ids = row.getAttribute("data-goto").split(" ");
    var marks = $$("mark[data-m]", text);
    for (var k = 0; k < marks.length; k++) {
      var own = marks[k].getAttribute("data-m").split(" ");
      if (own.indexOf(ids[0]) >= 0) {
        marks[k].scrollIntoView({ block: "center", inline: "nearest" });
        marks[k].classList.remove("flash"); void marks[k].offsetWidth; marks[k].classList.add("flash");
        lastMark = null;
        return true;
      }
    }
    return false;
  }

  // -- rows: add, remove, reorder --------------------------------------------------------------
  function fromTemplate(id) { return document.getElementById(id).content.firstElementChild.cloneNode(true); }
  function addRow(card, kind) {
    var row = fromTemplate(kind === "target" ? "tpl-target" : "tpl-body");
    (kind === "target" ? $("table.targets tbody", card) : $("ol.bodies", card)).appendChild(row);
    f(row, kind === "target" ? "value" : "name").focus();
    return row;
  }
  function removeRow(row) {
    var next = row.nextElementSibling || row.previousElementSibling;
    var card = row.closest("article.card");
    row.remove();
    (next ? firstInput(next) : $(".add", card)).focus();
  }
  function moveRow(row, up) {
    var other = up ? row.previousElementSibling : row.nextElementSibling;
    if (!other) return;
    var focused = document.activeElement;
    if (up) row.parentNode.insertBefore(row, other); else row.parentNode.insertBefore(other, row);
    if (focused) focused.focus();
  }
  function toggleRemoved(card) {
    var gone = !card.classList.contains("removed");
    card.classList.toggle("removed", gone);
    $$("[data-f]", card).forEach(function (el) { if (el.getAttribute("data-f") !== "checked") el.disabled = gone; });
    if (!gone) syncDeadline(card);
    $(".remove", card).textContent = gone ? "restore" : "remove";
    count();
  }

  // -- a new task from the selected text -------------------------------------------------------
  function addTaskFromSelection() {
    var sel = window.getSelection ? window.getSelection() : null;
    var said = sel ? String(sel).trim() : "";
    var line = sel && sel.rangeCount ? sel.getRangeAt(0).startContainer : null;
    line = line && (line.nodeType === 1 ? line : line.parentNode).closest(".ln");
    var status = $("#status");
    if (!said || !line) { status.textContent = "select the task's text in the notice first"; return; }
    var at = +line.getAttribute("data-o");
    var card = fromTemplate("tpl-task");
    var before = null;
    taskCards().forEach(function (c) {
      var region = document.getElementById("text-" + c.id);
      var o = region ? +($(".ln", region) || region).getAttribute("data-o") : NaN;
      if (!isNaN(o) && o <= at) before = c;
    });
    var n = /^\s*(\d+)/.exec(said);
    var prev = before ? +before.getAttribute("data-number") || 0 : 0;
    card.id = "task-new-" + (taskCards().length + 1);
    f(card, "number").value = n ? n[1] : String(prev + 1);
    if (before) f(card, "category").value = val(before, "category");
    var quote = document.createElement("p");
    quote.className = "from-text";
    quote.textContent = said.length > 160 ? said.slice(0, 160) + "…" : said; // text, never HTML
    card.insertBefore(quote, $("dl", card));
    if (before) before.insertAdjacentElement("afterend", card); else cards.appendChild(card);
    $(".num", card).textContent = f(card, "number").value;
    syncDeadline(card);
    count();
    f(card, "number").focus();
    card.scrollIntoView({ block: "nearest" });
    status.textContent = "task " + f(card, "number").value + " added";
  }

  // -- the golden file -------------------------------------------------------------------------
  function orNull(s) { return s === "" ? null : s; }
  function numOrNull(s) { return s === "" ? null : num(s); }
  function lines(s) { return s.split("\n").map(function (x) { return x.trim(); }).filter(Boolean); }
  function taskGolden(card) {
    var t = { number: +val(card, "number"), category: orNull(val(card, "category")) };
    if (body.getAttribute("data-section") === "1" || taskCards().some(function (c) { return live(c) && val(c, "section"); }))
      t.section = orNull(val(card, "section"));
    t.targets = $$("tr.tg", card).map(function (r) {
      return { value: num(val(r, "value")), unit: val(r, "unit"), comparator: val(r, "comparator"),
        value_max: numOrNull(val(r, "value_max")), subject: orNull(val(r, "subject")) };
    });
    t.coverage = f(card, "coverage").checked;
    t.deadline = f(card, "dl-none").checked ? null : { text: val(card, "dl-text"), date: orNull(val(card, "dl-date")),
      precision: orNull(val(card, "dl-precision")), ongoing: f(card, "dl-ongoing").checked };
    t.responsible = $$("li.bd", card).map(function (r) { return { name: val(r, "name"), role: val(r, "role") }; });
    if (progressWanted()) t.progress = { status: orNull(val(card, "status")), percent: numOrNull(val(card, "percent")) };
    t.uncertain = UNCERTAIN.filter(function (u) { var el = $('[data-u="' + u + '"]', card); return el && el.checked; });
    if (!f(card, "checked").checked) t.checked = false;
    return t;
  }
  function progressWanted() {
    return val(document.getElementById("notice"), "kind") === "progress" || body.getAttribute("data-progress") === "1";
  }
  function golden(keepUnchecked) {
    var nc = document.getElementById("notice"), head = {};
    NOTICE_FIELDS.forEach(function (k) {
      var v = val(nc, k);
      if (k === "recipients" || k === "cc") head[k] = lines(f(nc, k).value);
      else if (k === "year") head[k] = v ? +v : null;
      else head[k] = orNull(v);
    });
    var cats = categories().map(function (t, i) { return { number: i + 1, title: t }; });
    var kept = taskCards().filter(function (c) { return live(c) && (keepUnchecked || f(c, "checked").checked); });

    return { doc: body.getAttribute("data-doc"), notice: head, categories: cats, tasks: kept.map(taskGolden) };
  }
  // JSON as Python's json.dumps(ensure_ascii=False) writes it: ", " and ": " between items
  function j(v) {
    if (v === null || typeof v !== "object") return JSON.stringify(v);
    if (Array.isArray(v)) return "[" + v.map(j).join(", ") + "]";
    return "{" + Object.keys(v).map(function (k) { return JSON.stringify(k) + ": " + j(v[k]); }).join(", ") + "}";
  }
  function goldenText(g) {
    var L = ["{", '  "doc": ' + j(g.doc) + ",", '  "notice": {'];
    var hk = Object.keys(g.notice);
    hk.forEach(function (k, n) { L.push("    " + j(k) + ": " + j(g.notice[k]) + (n < hk.length - 1 ? "," : "")); });
    L.push("  },");
    if (g.categories.length) {
      L.push('  "categories": [');
      g.categories.forEach(function (c, n) { L.push("    " + j(c) + (n < g.categories.length - 1 ? "," : "")); });
      L.push("  ],");
    } else L.push('  "categories": [],');
    L.push('  "tasks": [');
    g.tasks.forEach(function (t, ti) {
      L.push("    {");
      var keys = Object.keys(t);
      keys.forEach(function (k, n) {
        var v = t[k], comma = n < keys.length - 1 ? "," : "";
        if ((k === "targets" || k === "responsible") && v.length) {
          L.push("      " + j(k) + ": [");
          v.forEach(function (x, m) { L.push("        " + j(x) + (m < v.length - 1 ? "," : "")); });
          L.push("      ]" + comma);
        } else L.push("      " + j(k) + ": " + j(v) + comma);
      });
      L.push("    }" + (ti < g.tasks.length - 1 ? "," : ""));
    });
    L.push("  ]", "}");
    return L.join("\n") + "\n";
  }
  function save() {
    var status = $("#status");
    var bad = validateAll(document);
    if (bad.length) {
      status.textContent = bad.length + (bad.length === 1 ? " field needs" : " fields need") + " fixing before saving";
      status.className = "bad";
      bad[0].focus();
      bad[0].scrollIntoView({ block: "center" });
      return null;
    }
    var keep = $("#keep-unchecked").checked;
    var g = golden(keep);
    var live_ = taskCards().filter(live);
    var unchecked = live_.filter(function (c) { return !f(c, "checked").checked; }).length;
    var out = goldenText(g);
    var a = document.createElement("a");
    a.href = URL.createObjectURL(new Blob([out], { type: "application/json" }));
    a.download = (g.doc || "golden") + ".json";
    document.body.appendChild(a);
    a.click();
    setTimeout(function () { URL.revokeObjectURL(a.href); a.remove(); }, 0);
    status.className = "ok";
    status.textContent = "saved " + a.download + ": " + g.tasks.length + " tasks" +
      (unchecked ? (keep ? ", " + unchecked + ' unchecked kept ("checked": false)' : ", " + unchecked + " unchecked left out") : "");
    return out;
  }
  window.policytasksReview = { golden: golden, goldenText: goldenText, save: save }; // for tests and the console

  // -- events ----------------------------------------------------------------------------------
  cards.addEventListener("input", function (ev) {
    var el = ev.target;
    if (el.classList.contains("invalid")) showProblem(el);
    var card = el.closest("article.task");
    if (card && el.getAttribute("data-f") === "number") $(".num", card).textContent = el.value;
    if (card && el.getAttribute("data-f") === "category") $(".cat", card).textContent = el.value;
  });
  cards.addEventListener("change", function (ev) {
    var el = ev.target, card = el.closest("article.task");
    var name = el.getAttribute("data-f");
    if (name === "checked") { card.classList.toggle("checked", el.checked); count(); return; }
    if (name === "dl-none") syncDeadline(card);
    if (name === "comparator") showProblem(f(el.closest("tr"), "value_max"));
    if (el.hasAttribute("data-u")) el.closest(".field").classList.toggle("is-uncertain", el.checked);
  });
  cards.addEventListener("focusout", function (ev) {
    if (ev.target.hasAttribute && ev.target.hasAttribute("data-f")) showProblem(ev.target);
  });
  cards.addEventListener("click", function (ev) {
    var b = ev.target.closest("button");
    if (!b) return;
    var card = b.closest("article.card");
    if (b.classList.contains("add-target")) addRow(card, "target");
    else if (b.classList.contains("add-body")) addRow(card, "body");
    else if (b.classList.contains("del")) removeRow(b.closest("tr, li"));
    else if (b.classList.contains("up")) moveRow(b.closest("li"), true);
    else if (b.classList.contains("down")) moveRow(b.closest("li"), false);
    else if (b.classList.contains("remove")) toggleRemoved(card);
    else if (b.classList.contains("locate")) backToText(b);
  }, true);

  function tabbables(root) {
    return $$("input, select, textarea, button, [tabindex='0']", root).filter(function (el) {
      return !el.disabled && el.tabIndex >= 0 && el.offsetParent !== null;
    });
  }
  function nextTask(card) {
    var all = taskCards().filter(live), k = all.indexOf(card);
    for (var n = k + 1; n < all.length; n++) if (!f(all[n], "checked").checked) return all[n];
    return all[k + 1] || null;
  }
  function goTo(card) {
    var i = card.getAttribute("data-task");
    var region = i && document.getElementById("text-task-" + i);
    if (region) region.scrollIntoView({ block: "start", inline: "nearest" });
    var first = firstInput(card);
    (first || card).focus({ preventScroll: true });
    card.scrollIntoView({ block: "start", inline: "nearest" });
  }
  document.addEventListener("keydown", function (ev) {
    var el = ev.target, card = el.closest && el.closest("article.card");
    var task = card && card.classList.contains("task") ? card : null;
    if (card && !task && ev.key === "Enter" && (ev.ctrlKey || ev.metaKey)) {
      // from the notice card: on to the first task still to check
      ev.preventDefault();
      var todo = taskCards().filter(function (c) { return live(c) && !f(c, "checked").checked; })[0];
      if (todo) goTo(todo); else $("#save").focus();
      return;
    }
    if (task && ev.key === "Enter" && (ev.ctrlKey || ev.metaKey)) {
      // checked, and on to the next task still to check
      ev.preventDefault();
      if (validateAll(task).length) { validateAll(task)[0].focus(); return; }
      setChecked(task, true);
      var next = nextTask(task);
      if (next) goTo(next); else $("#save").focus();
      return;
    }
    if (!el.hasAttribute || !el.hasAttribute("data-f")) return;
    if (ev.altKey && (ev.key === "u" || ev.key === "U" || ev.code === "KeyU")) {
      var u = $("[data-u]", el.closest(".field"));
      if (u) { u.checked = !u.checked; u.dispatchEvent(new Event("change", { bubbles: true })); }
      ev.preventDefault();
    } else if (ev.altKey && (ev.code === "KeyL")) {
      backToText(el); ev.preventDefault();
    } else if (ev.altKey && (ev.key === "ArrowUp" || ev.key === "ArrowDown") && el.closest("li.bd")) {
      moveRow(el.closest("li.bd"), ev.key === "ArrowUp"); ev.preventDefault();
    } else if (ev.altKey && ev.key === "Backspace" && el.closest("tr.tg, li.bd")) {
      removeRow(el.closest("tr.tg, li.bd")); ev.preventDefault();
    } else if (ev.key === "Escape" && lastMark) {
      var m = lastMark; lastMark = null;
      m.scrollIntoView({ block: "center", inline: "nearest" });
      m.classList.remove("flash"); void m.offsetWidth; m.classList.add("flash");
      ev.preventDefault();
    } else if (ev.key === "Enter" && el.tagName !== "TEXTAREA" && !ev.shiftKey) {
      // accept: check the field, then on to the next one
      ev.preventDefault();
      if (!showProblem(el)) return;
      var order = tabbables(card || document);
      var k = order.indexOf(el);
      if (k >= 0 && k + 1 < order.length) order[k + 1].focus();
    }
  });
  // a page closed with edits not saved asks first
  var dirty = false;
  cards.addEventListener("input", function () { dirty = true; });
  cards.addEventListener("change", function () { dirty = true; });
  window.addEventListener("beforeunload", function (ev) {
    if (dirty) { ev.preventDefault(); ev.returnValue = ""; }
  });
  $("#save").addEventListener("click", function () { if (save() !== null) dirty = false; });
  $("#add-task").addEventListener("mousedown", function (ev) { ev.preventDefault(); }); // keep the selection
  $("#add-task").addEventListener("click", addTaskFromSelection);
  cards.addEventListener("focusin", function (ev) {
    var card = ev.target.closest("article.task[data-task]");
    if (!card || card.classList.contains("current")) return;
    $$(".current").forEach(function (x) { x.classList.remove("current"); });
    card.classList.add("current");
    var region = document.getElementById("text-task-" + card.getAttribute("data-task"));
    if (!region) return;
    region.classList.add("current");
    var r = region.getBoundingClientRect(), pane = text.getBoundingClientRect();
    if (r.bottom < pane.top || r.top > pane.bottom) region.scrollIntoView({ block: "start", inline: "nearest" });
  });
  taskCards().forEach(syncDeadline);
  $$("[data-u]:checked").forEach(function (u) { u.closest(".field").classList.add("is-uncertain"); });
  count();
})();
