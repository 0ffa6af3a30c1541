// refine-env view: the episode table, filters and turn-by-turn detail.
// Every string in the data is untrusted (model output, program output): it reaches the page only
// through text nodes (createTextNode / textContent), never as markup.
(function () {
  "use strict";

  var payload = JSON.parse(document.getElementById("viewer-data").textContent);
  var episodes = payload.episodes || [];
  var generation = payload.generation || 0;
  var MAX_ROWS = 2000;
  var sort = { key: "index", dir: 1 };
  var selected = null;
  var VERDICTS = ["AC", "WA", "TLE", "MLE", "RE", "CE", "OLE", "OK"];

  // -- DOM helpers: text only -------------------------------------------------------------------
  function el(tag, cls, children) {
    var node = document.createElement(tag);
    if (cls) node.className = cls;
    if (children !== undefined && children !== null) append(node, children);
    return node;
  }
  function append(node, children) {
    if (!Array.isArray(children)) children = [children];
    children.forEach(function (c) {
      if (c === null || c === undefined || c === false) return;
      node.appendChild(typeof c === "object" ? c : document.createTextNode(String(c)));
    });
    return node;
  }
  function clear(node) { while (node.firstChild) node.removeChild(node.firstChild); }
  function $(id) { return document.getElementById(id); }
  function verdictClass(v) { return VERDICTS.indexOf(v) >= 0 ? "v-" + v : ""; }
  function badge(v) { return el("span", "badge " + verdictClass(v), v); }
  function fmtNum(x) {
    if (x === null || x === undefined) return "\u2013";
    return Math.abs(x) >= 1000 || x === Math.round(x) ? String(x) : x.toFixed(3).replace(/0+$/, "").replace(/\.$/, "");
  }
  function plural(n, word) { return n + " " + word + (n === 1 ? "" : "s"); }
  function hiddenText(e) { return e.hidden_total === null || e.hidden_total === undefined ? "\u2013" : e.hidden_passed + "/" + e.hidden_total; }
  function hiddenRate(e) { return e.hidden_total ? e.hidden_passed / e.hidden_total : -1; }

  // -- syntax highlighting (Python, with a C++ keyword set): spans of text ----------------------
  var PY_KW = "False None True and as assert async await break class continue def del elif else except finally for from global if import in is lambda nonlocal not or pass raise return try while with yield match case".split(" ");
  var PY_BI = "abs all any bin bool bytes chr dict dir divmod enumerate filter float format frozenset getattr hasattr hash hex id input int isinstance iter len list map max min next object oct open ord pow print range repr reversed round set setattr slice sorted str sum super tuple type zip self sys".split(" ");
  var CPP_KW = "alignas auto bool break case catch char class const constexpr continue default delete do double else enum explicit extern false float for friend goto if inline int long namespace new noexcept nullptr operator private protected public return short signed sizeof static struct switch template this throw true try typedef typename unsigned using virtual void volatile while".split(" ");
  var CPP_BI = "std vector string map set pair cin cout endl printf scanf size_t array deque queue stack priority_queue unordered_map unordered_set sort min max swap".split(" ");
  var PY_RE = /(#[^\n]*)|((?:[rRbBuUfF]{1,2})?(?:"""[\s\S]*?(?:"""|$)|'''[\s\S]*?(?:'''|$)|"(?:[^"\\\n]|\\[\s\S])*"?|'(?:[^'\\\n]|\\[\s\S])*'?))|(\b(?:0[xXoObB][0-9a-fA-F_]+|\d[\d_]*(?:\.\d*)?(?:[eE][+-]?\d+)?j?)\b)|([A-Za-z_][A-Za-z0-9_]*)/g;
  var CPP_RE = /(\/\/[^\n]*|\/\*[\s\S]*?(?:\*\/|$)|^[ \t]*#[^\n]*)|("(?:[^"\\\n]|\\[\s\S])*"?|'(?:[^'\\\n]|\\[\s\S])*'?)|(\b(?:0[xX][0-9a-fA-F']+|\d[\d']*(?:\.\d*)?(?:[eE][+-]?\d+)?[uUlLfF]*)\b)|([A-Za-z_][A-Za-z0-9_]*)/gm;

  function highlight(code, language) {
    var pre = el("pre", "code");
    if (code.length > 200000) { pre.textContent = code; return pre; }
    var cpp = language === "cpp";
    var re = cpp ? CPP_RE : PY_RE, kw = cpp ? CPP_KW : PY_KW, bi = cpp ? CPP_BI : PY_BI;
    re.lastIndex = 0;
    var last = 0, m, prevWord = "";
    while ((m = re.exec(code)) !== null) {
      if (m[0] === "") { re.lastIndex++; continue; }
      if (m.index > last) pre.appendChild(document.createTextNode(code.slice(last, m.index)));
      var cls = null;
      if (m[1]) cls = cpp && /^\s*#/.test(m[1]) ? "tok-pp" : "tok-com";
      else if (m[2]) cls = "tok-str";
      else if (m[3]) cls = "tok-num";
      else if (m[4]) {
        if (kw.indexOf(m[4]) >= 0) cls = "tok-kw";
        else if (prevWord === "def" || prevWord === "class") cls = "tok-fn";
        else if (bi.indexOf(m[4]) >= 0) cls = "tok-bi";
        prevWord = m[4];
      }
      pre.appendChild(cls ? el("span", cls, m[0]) : document.createTextNode(m[0]));
      last = re.lastIndex;
    }
    if (last < code.length) pre.appendChild(document.createTextNode(code.slice(last)));
    return pre;
  }

  // The model's text: prose as is, fenced blocks as code (line by line, so any text parses in linear time).
  var FENCE_OPEN = /^\s*(`{3,}|~{3,})\s*([A-Za-z0-9_+#.-]*)/;
  function renderMessage(text, language) {
    var box = el("div", "message");
    var lines = text.split("\n");
    var prose = [], code = null, fence = "", tag = "";
    function flushProse() {
      var t = prose.join("\n");
      if (t.trim()) box.appendChild(el("pre", "prose", t.replace(/^\n+|\n+$/g, "")));
      prose = [];
    }
    lines.forEach(function (line) {
      if (code === null) {
        var m = FENCE_OPEN.exec(line);
        if (m) { flushProse(); code = []; fence = m[1]; tag = m[2].toLowerCase(); return; }
        prose.push(line);
      } else if (line.trim().indexOf(fence) === 0 && line.trim().replace(/[`~]/g, "") === "") {
        emit(); code = null;
      } else {
        code.push(line);
      }
    });
    function emit() {
      var body = code.join("\n");
      var isProgram = ["", "python", "py", "python3", "cpp", "c++", "cc"].indexOf(tag) >= 0;
      box.appendChild(el("div", "code-label", tag || "code"));
      if (isProgram) box.appendChild(highlight(body, tag === "cpp" || tag === "c++" || tag === "cc" ? "cpp" : language));
      else box.appendChild(el("pre", "code", body));
    }
    if (code !== null) emit(); else flushProse();
    return box;
  }

  function renderDiff(diff) {
    var pre = el("pre", "diff");
    diff.split("\n").forEach(function (line, i) {
      var cls = "";
      if (i < 2 && (line.indexOf("+++") === 0 || line.indexOf("---") === 0)) cls = "file";
      else if (line.indexOf("@@") === 0) cls = "hunk";
      else if (line.charAt(0) === "+") cls = "add";
      else if (line.charAt(0) === "-") cls = "del";
      pre.appendChild(el("span", cls, line === "" ? " " : line));
    });
    return pre;
  }

  function verdictRow(label, counts, extra) {
    var row = el("div", "verdicts", [el("span", "label", label)]);
    if (counts.passed !== null && counts.passed !== undefined) {
      var all = counts.total > 0 && counts.passed === counts.total;
      row.appendChild(el("span", "badge " + (all ? "v-AC" : "v-WA"), counts.passed + "/" + counts.total + " passed"));
    }
    if (counts.verdict) row.appendChild(badge(counts.verdict));
    var cells = el("span", "cells");
    (counts.verdicts || []).slice(0, 500).forEach(function (v, i) {
      var c = el("span", "cell " + verdictClass(v), v);
      c.title = "test " + (i + 1) + ": " + v;
      cells.appendChild(c);
    });
    row.appendChild(cells);
    if (extra) row.appendChild(el("span", "note", extra));
    return row;
  }

  // -- filters and table --------------------------------------------------------------------------
  function numOrNull(id) { var v = $(id).value; return v === "" ? null : Number(v); }
  function matches(e) {
    var problem = $("f-problem").value.trim().toLowerCase();
    if (problem && e.problem.toLowerCase().indexOf(problem) < 0) return false;
    var agent = $("f-agent").value; if (agent && e.agent !== agent) return false;
    var verdict = $("f-verdict").value; if (verdict && e.verdict !== verdict) return false;
    var rmin = numOrNull("f-reward-min"), rmax = numOrNull("f-reward-max");
    if (rmin !== null && !(e.reward !== null && e.reward >= rmin)) return false;
    if (rmax !== null && !(e.reward !== null && e.reward <= rmax)) return false;
    var tmin = numOrNull("f-turns-min"), tmax = numOrNull("f-turns-max");
    if (tmin !== null && e.turns < tmin) return false;
    if (tmax !== null && e.turns > tmax) return false;
    return true;
  }
  var NUMERIC = ["index", "reward", "turns"];
  function sortValue(e, key) {
    if (key === "hidden_rate") return hiddenRate(e);
    var v = e[key];
    if (NUMERIC.indexOf(key) >= 0) return v === null || v === undefined ? -Infinity : v;
    return v === null || v === undefined ? "" : String(v);
  }
  function visible() {
    var rows = episodes.filter(matches);
    rows.sort(function (a, b) {
      var x = sortValue(a, sort.key), y = sortValue(b, sort.key);
      if (x < y) return -sort.dir; if (x > y) return sort.dir; return a.index - b.index;
    });
    return rows;
  }
  function fillOptions(select, values) {
    var keep = select.value;
    while (select.options.length > 1) select.remove(1);
    values.forEach(function (v) { var o = document.createElement("option"); o.value = v; o.textContent = v; select.appendChild(o); });
    select.value = values.indexOf(keep) >= 0 ? keep : "";
  }
  function uniq(key) {
    var seen = {};
    episodes.forEach(function (e) { seen[e[key]] = true; });
    return Object.keys(seen).sort();
  }
  function refreshOptions() {
    fillOptions($("f-agent"), uniq("agent"));
    fillOptions($("f-verdict"), uniq("verdict"));
    var list = $("problems"); clear(list);
    uniq("problem").slice(0, 5000).forEach(function (p) { var o = document.createElement("option"); o.value = p; list.appendChild(o); });
  }
  function renderSummary() {
    var box = $("summary"); clear(box);
    var solved = episodes.filter(function (e) { return e.solved; }).length;
    var counts = {};
    episodes.forEach(function (e) { counts[e.verdict] = (counts[e.verdict] || 0) + 1; });
    append(box, [el("span", "stat", [el("b", null, String(episodes.length)), episodes.length === 1 ? " episode" : " episodes"]),
                 el("span", "stat", [el("b", null, episodes.length ? Math.round(100 * solved / episodes.length) + "%" : "\u2013"), " solved"])]);
    Object.keys(counts).sort().forEach(function (v) { box.appendChild(el("span", "badge " + verdictClass(v), v + " " + counts[v])); });
  }
  function renderTable() {
    var rows = visible();
    var body = document.querySelector("#episodes tbody"); clear(body);
    rows.slice(0, MAX_ROWS).forEach(function (e) {
      var tr = el("tr", e.index === selected ? "selected" : "", [
        el("td", "num", String(e.index)), el("td", "problem", e.problem), el("td", null, e.agent),
        el("td", null, e.sample === null ? "\u2013" : e.sample), el("td", null, badge(e.verdict)),
        el("td", "num", hiddenText(e)), el("td", "num", fmtNum(e.reward)), el("td", "num", String(e.turns))]);
      tr.dataset.index = String(e.index);
      tr.title = e.problem;
      tr.addEventListener("click", function () { select(e.index, true); });
      body.appendChild(tr);
    });
    var more = $("more");
    more.hidden = rows.length <= MAX_ROWS;
    more.textContent = "Showing the first " + MAX_ROWS + " of " + rows.length + " matching episodes: narrow the filters.";
    $("count").textContent = (rows.length === episodes.length ? "" : rows.length + " of ") + plural(episodes.length, "episode");
    document.querySelectorAll("#episodes th").forEach(function (th) {
      th.className = (th.classList.contains("num") ? "num " : "") + (th.dataset.key === sort.key ? (sort.dir > 0 ? "sorted-asc" : "sorted-desc") : "");
    });
  }

  // -- one episode, turn by turn ------------------------------------------------------------------
  function chip(k, v) { return el("span", "chip", [k + " ", el("b", null, v)]); }
  function renderStep(e, s, i) {
    var card = el("article", "turn");
    card.dataset.turn = String(i + 1);
    var intent = s.intent ? el("span", "intent " + s.intent, s.intent) : el("span", "intent error", s.format_error ? "format error" : "no action");
    var head = el("div", "turn-head", [el("span", "tn", "Turn " + (s.turn !== null ? s.turn : i + 1)),
      el("span", "who", [s.who, s.phase].filter(Boolean).join(" \u00b7 ")), intent]);
    if (s.revision !== null) head.appendChild(el("span", "chip", "revision " + s.revision));
    if (s.own_program) head.appendChild(el("span", "chip", "own program"));
    head.appendChild(el("span", "spacer"));
    if (s.public && s.public.total) head.appendChild(el("span", "badge " + (s.public.passed === s.public.total ? "v-AC" : "v-WA"), "public " + s.public.passed + "/" + s.public.total));
    if (s.hidden && s.hidden.verdict) head.appendChild(el("span", "badge " + verdictClass(s.hidden.verdict), "hidden " + s.hidden.verdict + " " + s.hidden.passed + "/" + s.hidden.total));
    if (s.reward !== null) head.appendChild(el("span", "chip", ["reward ", el("b", null, fmtNum(s.reward))]));
    card.appendChild(head);
    var body = el("div", "turn-body");
    if (s.told) {
      var told = el("details", "told", [el("summary", null, "what the model was told")]);
      told.appendChild(el("pre", "feedback", s.told));
      body.appendChild(told);
    }
    if (s.text !== null) {
      body.appendChild(el("div", "section-title", s.who === "model" ? "model" : "action"));
      body.appendChild(renderMessage(s.text, s.language));
    } else if (s.program !== null) {
      body.appendChild(el("div", "section-title", "program"));
      body.appendChild(highlight(s.program, s.language));
    }
    if (s.amended) body.appendChild(el("div", "amended", "amended by the agent: " + s.amended));
    if (s.sent) {
      var sent = el("details", null, [el("summary", null, "action sent to the env")]);
      sent.appendChild(renderMessage(s.sent, s.language));
      body.appendChild(sent);
    }
    if (s.diff) {
      body.appendChild(el("div", "section-title", "diff to revision " + s.diff_base));
      body.appendChild(renderDiff(s.diff));
    } else if (s.diff_skipped) {
      body.appendChild(el("div", "note", s.diff_skipped));
    }
    if (s.format_error) body.appendChild(el("div", "amended", "format error: " + s.format_error));
    if (s.feedback !== null) {
      body.appendChild(el("div", "section-title", "feedback"));
      body.appendChild(el("pre", "feedback", s.feedback));
    }
    var v = el("div", "verdict-rows");
    if (s.public) v.appendChild(verdictRow("public", s.public));
    if (s.test && s.test.verdicts.length) v.appendChild(verdictRow("test", s.test, "outputs shown, no verdict"));
    if (s.hidden) v.appendChild(verdictRow("hidden", s.hidden));
    if (s.candidate_public !== null || s.candidate_hidden !== null) {
      var yn = function (b) { return b === null ? "\u2013" : b ? "yes" : "no"; };
      v.appendChild(el("div", "verdicts", [el("span", "label", "best so far"),
        el("span", "badge " + (s.candidate_public ? "v-AC" : "v-WA"), "public " + yn(s.candidate_public)),
        el("span", "badge " + (s.candidate_hidden ? "v-AC" : "v-WA"), "hidden " + yn(s.candidate_hidden)),
        el("span", "note", "(the program the agent would submit if stopped here)")]));
    }
    if (v.firstChild) { body.appendChild(el("div", "section-title", "verdicts")); body.appendChild(v); }
    if (s.reward_terms && Object.keys(s.reward_terms).length) {
      body.appendChild(el("div", "section-title", "reward terms"));
      var t = el("table", "terms");
      Object.keys(s.reward_terms).forEach(function (k) { t.appendChild(el("tr", null, [el("td", null, k), el("td", "num", fmtNum(s.reward_terms[k]))])); });
      body.appendChild(t);
    }
    card.appendChild(body);
    return card;
  }
  function renderDetail(e) {
    var box = $("detail"); clear(box);
    if (!e) { box.appendChild(el("div", "placeholder", "Select an episode (click a row, or press j / k).")); return; }
    var head = el("div", "ep-head", [el("h2", null, ["#" + e.index, el("span", "pid", e.problem), badge(e.verdict)])]);
    var meta = el("div", "meta", [chip("agent", e.agent), chip("turns", String(e.turns)), chip("reward", fmtNum(e.reward)),
      chip("hidden", hiddenText(e))]);
    if (e.sample !== null) meta.appendChild(chip("sample", e.sample));
    (e.meta || []).forEach(function (kv) { meta.appendChild(chip(kv[0], kv[1])); });
    meta.appendChild(chip("file", e.file + ":" + e.line));
    head.appendChild(meta);
    box.appendChild(head);
    if (e.prompt) {
      var p = el("details", "prompt", [el("summary", null, "task prompt")]);
      p.appendChild(el("pre", "feedback", e.prompt));
      box.appendChild(p);
    }
    var strip = el("nav", "strip");
    var cards = e.steps.map(function (s, i) { return renderStep(e, s, i); });
    e.steps.forEach(function (s, i) {
      var label = s.intent || "error", cls = "";
      if (s.hidden && s.hidden.verdict) { label += " " + s.hidden.verdict; cls = verdictClass(s.hidden.verdict); }
      else if (s.public && s.public.total) { label += " " + s.public.passed + "/" + s.public.total; cls = s.public.passed === s.public.total ? "v-AC" : "v-WA"; }
      else if (!s.intent) cls = "v-WA";
      var pill = el("button", "pill " + cls, [el("span", "pill-n", String(i + 1)), label]);
      pill.type = "button";
      pill.title = "turn " + (i + 1);
      pill.addEventListener("click", function () { cards[i].scrollIntoView({ block: "start", behavior: "smooth" }); });
      if (i) strip.appendChild(el("span", "arrow", "\u2192"));
      strip.appendChild(pill);
    });
    if (e.steps.length > 1) box.appendChild(strip);
    cards.forEach(function (c) { box.appendChild(c); });
    box.scrollTop = 0;
  }
  function byIndex(i) { for (var k = 0; k < episodes.length; k++) if (episodes[k].index === i) return episodes[k]; return null; }
  function select(i, updateHash) {
    selected = i;
    document.querySelectorAll("#episodes tbody tr").forEach(function (tr) { tr.classList.toggle("selected", Number(tr.dataset.index) === i); });
    renderDetail(byIndex(i));
    if (updateHash && history.replaceState) history.replaceState(null, "", "#episode=" + i);
  }
  function move(delta) {
    var rows = visible(); if (!rows.length) return;
    var pos = rows.findIndex(function (e) { return e.index === selected; });
    var next = rows[Math.max(0, Math.min(rows.length - 1, pos < 0 ? 0 : pos + delta))];
    select(next.index, true);
    var tr = document.querySelector('#episodes tbody tr[data-index="' + next.index + '"]');
    if (tr && tr.scrollIntoView) tr.scrollIntoView({ block: "nearest" });
  }

  // -- live mode: poll the server for appended episodes -------------------------------------------
  function setLive(text, stale) { var l = $("live"); l.hidden = false; l.textContent = text; l.classList.toggle("stale", !!stale); }
  function poll() {
    var url = "api/episodes?since=" + episodes.length + "&generation=" + generation;
    fetch(url, { cache: "no-store" }).then(function (r) {
      if (!r.ok) throw new Error("HTTP " + r.status);
      return r.json();
    }).then(function (data) {
      var banner = $("banner");
      banner.hidden = !data.error; banner.textContent = data.error || "";
      if (data.generation !== generation) { generation = data.generation; episodes = data.episodes; }
      else if (data.episodes.length) episodes = episodes.concat(data.episodes);
      if (data.episodes.length || data.reset) { refreshOptions(); renderSummary(); renderTable(); }
      setLive("live \u00b7 " + plural(episodes.length, "episode") + " \u00b7 " + new Date().toLocaleTimeString());
    }).catch(function (err) {
      setLive("server unreachable (" + err.message + "): retrying", true);
    }).then(function () { setTimeout(poll, payload.poll_ms || 1500); });
  }

  // -- wiring --------------------------------------------------------------------------------------
  $("source").textContent = payload.source || "";
  $("source").title = payload.source || "";
  ["f-problem", "f-agent", "f-verdict", "f-reward-min", "f-reward-max", "f-turns-min", "f-turns-max"].forEach(function (id) {
    $(id).addEventListener("input", renderTable);
  });
  $("f-clear").addEventListener("click", function () {
    ["f-problem", "f-agent", "f-verdict", "f-reward-min", "f-reward-max", "f-turns-min", "f-turns-max"].forEach(function (id) { $(id).value = ""; });
    renderTable();
  });
  document.querySelectorAll("#episodes th").forEach(function (th) {
    th.addEventListener("click", function () {
      sort = { key: th.dataset.key, dir: sort.key === th.dataset.key ? -sort.dir : 1 };
      renderTable();
    });
  });
  document.addEventListener("keydown", function (ev) {
    if (ev.target && /^(INPUT|SELECT|TEXTAREA)$/.test(ev.target.tagName)) return;
    if (ev.key === "j" || ev.key === "ArrowDown") { move(1); ev.preventDefault(); }
    if (ev.key === "k" || ev.key === "ArrowUp") { move(-1); ev.preventDefault(); }
  });
  refreshOptions(); renderSummary(); renderTable();
  var m = /episode=(\d+)/.exec(location.hash);
  if (m && byIndex(Number(m[1]))) select(Number(m[1]), false);
  if (payload.live) { setLive("live \u00b7 " + plural(episodes.length, "episode")); setTimeout(poll, payload.poll_ms || 1500); }
  document.body.dataset.ready = "1";
})();
