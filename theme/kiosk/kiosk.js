/* Kiosk behaviour: screens by #hash, idle countdown → home → attract loop, no way out,
   reload on a newly published build. The page holds the home screen and the small screens;
   once it has painted, the files in screens/ (the screens of each field of procedures, the
   fees, the processing times) load one by one, and each screen stays a string until it is opened. */
(function () {
  "use strict";
  var body = document.body;
  var settings = {
    idle: Number(body.dataset.idleSeconds) || 90,
    countdown: Number(body.dataset.countdownSeconds) || 10,
    slide: Number(body.dataset.slideSeconds) || 8,
    poll: Number(body.dataset.pollSeconds) || 60,
    version: body.dataset.version
  };
  var content = document.getElementById("content");
  var back = document.getElementById("back");
  var countdown = document.getElementById("countdown");
  var countdownSeconds = document.getElementById("countdown-seconds");
  var attract = document.getElementById("attract");
  var clock = document.getElementById("clock");
  var screens = {};
  var stored = {};       /* screen name → HTML, from screens/*.js, until the screen is opened */
  var screenFiles = (body.dataset.screenFiles || "").split(" ").filter(Boolean);
  var requested = {};
  var filesLeft = screenFiles.length;
  var wanted = null;     /* a screen asked for before its file has loaded */
  var current = "home";
  var lastActivity = Date.now();
  var attractTimer = null;
  var slideIndex = 0;
  var newVersion = false;
  var WEEKDAYS = ["Chủ nhật", "Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy"];

  var searchBox = document.getElementById("search-box");
  var searchEntries = null;  /* [folded text, procedure id, title, code], from screens/tim-kiem.js */

  Array.prototype.forEach.call(document.querySelectorAll(".screen"), function (screen) {
    screens[screen.id.slice(2)] = screen;
  });

  function pad(number) { return (number < 10 ? "0" : "") + number; }

  function todayIso() {
    var now = new Date();
    return now.getFullYear() + "-" + pad(now.getMonth() + 1) + "-" + pad(now.getDate());
  }

  /* Cards of dated events (data-until) disappear once their day has passed. */
  function hidePast(root) {
    var today = todayIso();
    Array.prototype.forEach.call(root.querySelectorAll("[data-until]"), function (element) {
      if (element.dataset.until < today) { element.remove(); }
    });
  }

  function showNextSession() {
    var items = document.querySelectorAll(".next-item");
    Array.prototype.forEach.call(items, function (item, index) { item.hidden = index > 0; });
    var box = document.getElementById("next-session");
    if (box && !items.length) { box.hidden = true; }
  }

  /* Search folding, as the site's search does it (theme/assets/javascripts/lunr/min/lunr.vi.min.js;
     its Python twin is generator.present.slug.fold): marks removed, đ → d, lower case. */
  var MARKS = /[\u0300-\u036f]/g;
  function foldChar(c) {
    if (c === "\u0111") { return "d"; }
    if (c === "\u0110") { return "D"; }
    var base = c.normalize("NFD").replace(MARKS, "");
    return base.length === 1 ? base : c;
  }
  function fold(text) { return text.normalize("NFC").replace(/[^\x00-\x7f]/g, foldChar).toLowerCase(); }
  window.kioskFold = fold;

  function searchRow(entry) {
    var row = document.createElement("a");
    row.className = "row";
    row.href = "#tt-" + entry[1];
    var title = document.createElement("span");
    title.textContent = entry[2];
    var code = document.createElement("span");
    code.className = "count";
    code.textContent = "Mã " + entry[3];
    row.appendChild(title);
    row.appendChild(code);
    return row;
  }

  /* Every word typed must be in the title, code or field: "giay phep lao dong", "1.000105". */
  function runSearch() {
    if (!searchBox) { return; }
    var words = fold(searchBox.value).split(/\s+/).filter(Boolean);
    var results = document.getElementById("search-results");
    var none = document.getElementById("search-none");
    results.textContent = "";
    var searching = words.length > 0;
    document.getElementById("field-list").hidden = searching;
    document.getElementById("field-lead").hidden = searching;
    var found = !searching || !searchEntries ? [] : searchEntries.filter(function (entry) {
      return words.every(function (word) { return entry[0].indexOf(word) >= 0; });
    }).slice(0, 60);
    found.forEach(function (entry) { results.appendChild(searchRow(entry)); });
    results.hidden = !found.length;
    none.hidden = !searching || !searchEntries || found.length > 0;
  }

  window.kioskSearch = function (entries) { searchEntries = entries; runSearch(); };

  /* Called by each file in screens/. */
  window.kioskScreens = function (more) {
    Object.keys(more).forEach(function (name) { stored[name] = more[name]; });
  };

  function loadFile(name, then) {
    if (requested[name]) { return; }
    requested[name] = true;
    var script = document.createElement("script");
    script.src = "screens/" + name + ".js";
    script.onload = script.onerror = function () {
      filesLeft -= 1;
      script.remove();
      if (wanted && (stored[wanted] || !filesLeft)) { show(wanted); }
      if (then) { then(); }
    };
    document.head.appendChild(script);
  }

  /* One file after another, so a tap between two files is answered at once. */
  function loadRemainingFiles() {
    var next = screenFiles.filter(function (name) { return !requested[name]; })[0];
    if (next) { loadFile(next, function () { window.setTimeout(loadRemainingFiles, 0); }); }
  }

  function screenFor(name) {
    if (!screens[name] && stored[name]) {
      content.insertAdjacentHTML("beforeend", stored[name]);
      delete stored[name];
      screens[name] = content.lastElementChild;
      hidePast(screens[name]);
    }
    return screens[name];
  }

  function show(name) {
    if (!screenFor(name)) {
      if (filesLeft) {  /* not loaded yet: show it when its file has come */
        wanted = name;
        if (screenFiles.indexOf(name) >= 0) { loadFile(name); }
        return;
      }
      name = "home";
    }
    wanted = null;
    current = name;
    Object.keys(screens).forEach(function (key) { screens[key].hidden = key !== name; });
    body.classList.toggle("at-home", name === "home");
    back.setAttribute("href", "#" + (screens[name].dataset.parent || "home"));
    content.scrollTop = 0;
  }

  function route() { show(decodeURIComponent(location.hash.slice(1)) || "home"); }

  function goHome() {
    if (location.hash && location.hash !== "#home") { location.replace("#home"); }
    if (searchBox && searchBox.value) { searchBox.value = ""; runSearch(); }  /* the next person's */
    show("home");
  }

  function slides() { return attract.querySelectorAll(".slide"); }

  function nextSlide() {
    var all = slides();
    if (!all.length) { return; }
    slideIndex = (slideIndex + 1) % all.length;
    Array.prototype.forEach.call(all, function (slide, index) { slide.hidden = index !== slideIndex; });
  }

  function startAttract() {
    if (!attract.hidden) { return; }
    hidePast(attract);
    slideIndex = -1;
    nextSlide();
    attract.hidden = false;
    body.dataset.state = "attract";
    attractTimer = window.setInterval(nextSlide, settings.slide * 1000);
    if (newVersion) { location.reload(); }
  }

  function stopAttract() {
    attract.hidden = true;
    window.clearInterval(attractTimer);
    body.dataset.state = "browse";
  }

  function hideCountdown() {
    countdown.hidden = true;
    if (body.dataset.state === "countdown") { body.dataset.state = "browse"; }
  }

  function touched() {
    lastActivity = Date.now();
    if (!countdown.hidden) { hideCountdown(); }
    if (!attract.hidden) { stopAttract(); }
  }

  function tick() {
    var idle = (Date.now() - lastActivity) / 1000;
    if (idle >= settings.idle && attract.hidden) {
      var left = Math.ceil(settings.idle + settings.countdown - idle);
      if (current === "home" || left <= 0) {
        hideCountdown();
        goHome();
        startAttract();
      } else {
        countdownSeconds.textContent = String(left);
        countdown.hidden = false;
        body.dataset.state = "countdown";
      }
    }
    var now = new Date();
    clock.textContent = WEEKDAYS[now.getDay()] + ", " + pad(now.getDate()) + "/" + pad(now.getMonth() + 1) +
      "/" + now.getFullYear() + " · " + pad(now.getHours()) + ":" + pad(now.getMinutes());
  }

  /* A new build: reload, but only when nobody is using the kiosk. */
  function checkVersion() {
    if (typeof fetch !== "function") { return; }
    fetch("version.json", { cache: "no-store" }).then(function (response) {
      return response.ok ? response.json() : null;
    }).then(function (data) {
      if (data && data.version && data.version !== settings.version) {
        newVersion = true;
        if (!attract.hidden) { location.reload(); }
      }
    }).catch(function () { /* the server is away for a moment: try again later */ });
  }

  /* No way out: nothing but the kiosk's own #screens can be opened. */
  function guardLinks(event) {
    var link = event.target.closest ? event.target.closest("a") : null;
    if (link && (link.getAttribute("href") || "").charAt(0) !== "#") { event.preventDefault(); }
  }

  function noDefault(event) { event.preventDefault(); }

  function noPinch(event) { if (event.touches && event.touches.length > 1) { event.preventDefault(); } }

  function noZoomKeys(event) {
    if ((event.ctrlKey || event.metaKey) && ["+", "-", "=", "0", "p", "s", "o"].indexOf(event.key) >= 0) {
      event.preventDefault();
    }
  }

  ["pointerdown", "touchstart", "keydown", "wheel"].forEach(function (type) {
    document.addEventListener(type, touched, { capture: true, passive: true });
  });
  document.addEventListener("click", guardLinks, true);
  document.addEventListener("contextmenu", noDefault);
  document.addEventListener("dragstart", noDefault);
  document.addEventListener("selectstart", noDefault);
  document.addEventListener("gesturestart", noDefault);
  document.addEventListener("touchmove", noPinch, { passive: false });
  document.addEventListener("keydown", noZoomKeys);
  document.addEventListener("wheel", function (event) { if (event.ctrlKey) { event.preventDefault(); } },
    { passive: false });
  document.getElementById("stay").addEventListener("click", touched);
  if (searchBox) { searchBox.addEventListener("input", runSearch); }
  window.addEventListener("hashchange", route);

  hidePast(document);
  showNextSession();
  body.dataset.state = "browse";
  route();
  tick();
  window.setInterval(tick, 250);
  if (/^https?:$/.test(location.protocol)) {
    window.setInterval(checkVersion, settings.poll * 1000);
  }
  if (window.performance && performance.mark) { performance.mark("kiosk-ready"); }  /* bench_kiosk.py */
  /* After the first paint: requestAnimationFrame runs before it, the timeout after it. */
  window.requestAnimationFrame(function () { window.setTimeout(loadRemainingFiles, 0); });
}());
