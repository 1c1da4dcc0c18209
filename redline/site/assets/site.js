// redline site: search over window.REDLINE_INDEX ([id, href, heading or term, text] per unit),
// written beside the pages as search-index.js. Plain JavaScript; nothing is fetched.
(function () {
  "use strict";
  var input = document.getElementById("search");
  var results = document.getElementById("results");
  var index = window.REDLINE_INDEX || [];
  var lowered = index.map(function (e) {
    return [e[0].toLowerCase(), e[2].toLowerCase(), e[3].toLowerCase()];
  });

  function rank(i, q) {
    var id = lowered[i][0], title = lowered[i][1], text = lowered[i][2];
    if (id === q || title === q) return 4;
    if (id.indexOf(q) === 0 || title.indexOf(q) === 0) return 3;
    if (title.indexOf(q) >= 0) return 2;
    if (text.indexOf(q) >= 0) return 1;
    return 0;
  }

  function snippet(text, q) {
    var at = text.toLowerCase().indexOf(q);
    if (at < 0) return text.slice(0, 100);
    var from = Math.max(0, at - 40);
    return (from ? "\u2026" : "") + text.slice(from, at + q.length + 60) + "\u2026";
  }

  function show() {
    var q = input.value.trim().toLowerCase();
    results.textContent = "";
    if (q.length < 2) return;
    var found = [];
    for (var i = 0; i < index.length; i++) {
      var score = rank(i, q);
      if (score) found.push([score, i]);
    }
    found.sort(function (a, b) { return b[0] - a[0] || a[1] - b[1]; });
    found.slice(0, 50).forEach(function (hit) {
      var entry = index[hit[1]];
      var li = document.createElement("li");
      var a = document.createElement("a");
      a.href = entry[1];
      a.textContent = entry[0];
      li.appendChild(a);
      if (entry[2]) li.appendChild(document.createTextNode(" " + entry[2]));
      var small = document.createElement("div");
      small.className = "snippet";
      small.textContent = snippet(entry[3], q);
      li.appendChild(small);
      results.appendChild(li);
    });
    if (!found.length) {
      var none = document.createElement("li");
      none.textContent = "no match";
      results.appendChild(none);
    }
  }

  if (input) input.addEventListener("input", show);
})();
