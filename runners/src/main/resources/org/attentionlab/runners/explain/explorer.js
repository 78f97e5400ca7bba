(function () {
  'use strict';
  // Everything the page shows comes from the JSON below the body (written by attnlab explain); no network.
  var D = JSON.parse(document.getElementById('attention-data').textContent);
  var n = D.n, L = D.layers, H = D.heads, K = D.slots, LEVELS = D.levels;
  var OUTLINE = '#e600ac', CAUSAL = '#7a7f8c', CURSOR = '#ff8c00';

  // ---- the rows: little-endian arrays in base64 (see "How this page is made") ----
  function bytes(b64) {
    var s = atob(b64), out = new Uint8Array(s.length);
    for (var i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
    return out;
  }
  function uint16s(b64) {
    var b = bytes(b64), v = new DataView(b.buffer), out = new Uint16Array(b.length / 2);
    for (var i = 0; i < out.length; i++) out[i] = v.getUint16(2 * i, true);
    return out;
  }
  function float32s(b64) {
    var b = bytes(b64), v = new DataView(b.buffer), out = new Float32Array(b.length / 4);
    for (var i = 0; i < out.length; i++) out[i] = v.getFloat32(4 * i, true);
    return out;
  }
  var counts = uint16s(D.rows.counts), keys = uint16s(D.rows.keys);
  var maps = D.rows.maps.map(function (m) {
    return { codes: bytes(m.codes), lo: float32s(m.lo), hi: float32s(m.hi), rest: float32s(m.rest) };
  });

  function rowIndex(l, h, i) { return (l * H + h) * n + i; }
  function decode(m, r, s) {
    var M = maps[m];
    return M.lo[r] + M.codes[r * K + s] / LEVELS * (M.hi[r] - M.lo[r]);
  }
  function zeroCode(m, r) {
    var M = maps[m], range = M.hi[r] - M.lo[r];
    return range <= 0 ? 0 : Math.round(-M.lo[r] / range * LEVELS);
  }
  // One head's map as a dense n x n array (0 where a key was not kept); a few kept at a time.
  var denseCache = new Map();
  function dense(m, l, h) {
    var id = m + ':' + l + ':' + h;
    if (denseCache.has(id)) return denseCache.get(id);
    var out = new Float32Array(n * n);
    for (var i = 0; i < n; i++) {
      var r = rowIndex(l, h, i);
      for (var s = 0; s < counts[r]; s++) out[i * n + keys[r * K + s]] = decode(m, r, s);
    }
    if (denseCache.size > 24) denseCache.delete(denseCache.keys().next().value);
    denseCache.set(id, out);
    return out;
  }
  // Which keys each row of a head kept (the same for every map); the others hold the row's rest between them.
  var keptCache = new Map();
  function kept(l, h) {
    var id = l + ':' + h;
    if (keptCache.has(id)) return keptCache.get(id);
    var out = new Uint8Array(n * n);
    for (var i = 0; i < n; i++) {
      var r = rowIndex(l, h, i);
      for (var s = 0; s < counts[r]; s++) out[i * n + keys[r * K + s]] = 1;
    }
    if (keptCache.size > 24) keptCache.delete(keptCache.keys().next().value);
    keptCache.set(id, out);
    return out;
  }
  // Keys a top-k-like variant picked for query i: kept keys whose weight is not 0.
  function picked(m, l, h, i) {
    var r = rowIndex(l, h, i), z = zeroCode(m, r), set = new Uint8Array(n);
    for (var s = 0; s < counts[r]; s++) if (maps[m].codes[r * K + s] !== z) set[keys[r * K + s]] = 1;
    return set;
  }

  // ---- colours: weights on a square-root ramp, differences diverging ----
  function ramp(stops) {
    var lut = new Uint8ClampedArray(256 * 3);
    for (var x = 0; x < 256; x++) {
      var t = x / 255, k = Math.min(stops.length - 2, Math.floor(t * (stops.length - 1)));
      var f = t * (stops.length - 1) - k, a = stops[k], b = stops[k + 1];
      for (var c = 0; c < 3; c++) lut[x * 3 + c] = a[c] + (b[c] - a[c]) * f;
    }
    return lut;
  }
  var WEIGHT = ramp([[255, 255, 255], [199, 233, 180], [65, 182, 196], [34, 94, 168], [8, 29, 88]]);
  var DROP = ramp([[255, 255, 255], [253, 174, 97], [215, 48, 39], [103, 0, 13]]);
  var ADD = ramp([[255, 255, 255], [171, 217, 233], [69, 117, 180], [49, 54, 149]]);
  function level(v) { return Math.max(0, Math.min(255, Math.round(Math.sqrt(Math.min(1, Math.abs(v))) * 255))); }
  function rgb(kind, v) {
    var lut = kind === 'difference' ? (v >= 0 ? DROP : ADD) : WEIGHT, x = level(v) * 3;
    return [lut[x], lut[x + 1], lut[x + 2]];
  }
  function css(kind, v) { var c = rgb(kind, v); return 'rgb(' + c[0] + ',' + c[1] + ',' + c[2] + ')'; }

  // ---- state ----
  var state = { variant: 0, layer: 0, head: 0, query: Math.floor(n / 2), preview: null, shade: 'reference', grid: 'reference', focusKey: null };
  var V = D.variants;
  function variant() { return V[state.variant]; }
  function mapOf(which) { return which === 'reference' ? 0 : 1 + state.variant; }
  function mask() { return variant().masks[state.layer]; }
  function query() { return state.preview === null ? state.query : state.preview; }
  function fmt(x, d) { return x === null || x === undefined ? '\u2013' : x.toFixed(d === undefined ? 3 : d); }
  function pct(x) { return x === null || x === undefined ? '\u2013' : (100 * x).toFixed(1) + '%'; }
  function el(tag, attrs, text) {
    var e = document.createElement(tag);
    if (attrs) Object.keys(attrs).forEach(function (k) { e.setAttribute(k, attrs[k]); });
    if (text !== undefined) e.textContent = text;
    return e;
  }
  function tokenText(i) { return D.tokens[i]; }
  function coverage(v, l, h) { var c = V[v].coverage[l]; return c ? c[h] : null; }

  // Whether key j is inside the variant's mask for query i (pattern runs, or the head's picks).
  function maskRow(i) {
    var m = mask(), row = new Uint8Array(n);
    if (m.kind === 'pattern') {
      var runs = m.runs[i];
      for (var r = 0; r < runs.length; r += 2) for (var j = runs[r]; j < runs[r + 1]; j++) row[j] = 1;
      return row;
    }
    if (m.kind === 'picks') return picked(mapOf('variant'), state.layer, state.head, i);
    return null;
  }
  function causalRow(i) { var row = new Uint8Array(n); for (var j = 0; j <= i; j++) row[j] = 1; return row; }

  // ---- the head view: three matrices ----
  var cell = Math.max(1, Math.floor(384 / n)), side = n * cell;
  ['reference', 'variant', 'difference'].forEach(function (w) {
    ['heat-', 'mask-', 'cursor-'].forEach(function (p) {
      var c = document.getElementById(p + w); c.width = side; c.height = side;
    });
  });
  // The three matrices share one scale: the largest weight of the reference or the variant in this head.
  function headMax() {
    var ref = dense(0, state.layer, state.head), vv = dense(mapOf('variant'), state.layer, state.head), top = 0;
    for (var x = 0; x < ref.length; x++) top = Math.max(top, Math.abs(ref[x]), Math.abs(vv[x]));
    return top > 0 ? top : 1;
  }
  function drawHeat(which) {
    var canvas = document.getElementById('heat-' + which), ctx = canvas.getContext('2d');
    var ref = dense(0, state.layer, state.head), vv = dense(mapOf('variant'), state.layer, state.head);
    var img = ctx.createImageData(n, n), top = headMax(), keep = kept(state.layer, state.head), mv = mapOf('variant');
    var patterned = mask().kind === 'pattern';
    for (var i = 0; i < n; i++) {
      // for drawing only: a key not kept is drawn at its row's rest spread evenly over the row's keys not kept
      // (for a pattern, the variant's rest over those inside the pattern: it gives the others exactly 0)
      var r = rowIndex(state.layer, state.head, i), inside = patterned ? maskRow(i) : null;
      var othersRef = (D.causal ? i + 1 : n) - counts[r], othersVar = othersRef;
      if (patterned) { othersVar = 0; for (var y = 0; y < n; y++) if (inside[y] && !keep[i * n + y]) othersVar++; }
      var restRef = othersRef > 0 ? maps[0].rest[r] / othersRef : 0, restVar = othersVar > 0 ? maps[mv].rest[r] / othersVar : 0;
      for (var j = 0; j < n; j++) {
        var x = i * n + j, a = keep[x] ? ref[x] : restRef, b = keep[x] ? vv[x] : (patterned && !inside[j] ? 0 : restVar);
        var v = which === 'reference' ? a : which === 'variant' ? b : a - b;
        var c = rgb(which, v / top), o = x * 4;
        if (D.causal && j > i) { c = [236, 237, 241]; }
        img.data[o] = c[0]; img.data[o + 1] = c[1]; img.data[o + 2] = c[2]; img.data[o + 3] = 255;
      }
    }
    if (cell === 1) { ctx.putImageData(img, 0, 0); return; }
    var tmp = document.createElement('canvas'); tmp.width = n; tmp.height = n;
    tmp.getContext('2d').putImageData(img, 0, 0);
    ctx.imageSmoothingEnabled = false;
    ctx.clearRect(0, 0, side, side);
    ctx.drawImage(tmp, 0, 0, side, side);
  }
  // The outline of a region given row by row: every in-cell edge that borders an out-cell or the border.
  function outline(ctx, rowAt, colour) {
    ctx.fillStyle = colour;
    var prev = null, cur = rowAt(0), next;
    for (var i = 0; i < n; i++) {
      next = i + 1 < n ? rowAt(i + 1) : null;
      for (var j = 0; j < n; j++) {
        if (!cur[j]) continue;
        var x = j * cell, y = i * cell;
        if (j === 0 || !cur[j - 1]) ctx.fillRect(x, y, 1, cell);
        if (j === n - 1 || !cur[j + 1]) ctx.fillRect(x + cell - 1, y, 1, cell);
        if (!prev || !prev[j]) ctx.fillRect(x, y, cell, 1);
        if (!next || !next[j]) ctx.fillRect(x, y + cell - 1, cell, 1);
      }
      prev = cur; cur = next;
    }
  }
  function drawMasks() {
    var m = mask();
    ['reference', 'variant', 'difference'].forEach(function (w) {
      var ctx = document.getElementById('mask-' + w).getContext('2d');
      ctx.clearRect(0, 0, side, side);
      if (m.kind === 'pattern' || m.kind === 'picks') outline(ctx, maskRow, OUTLINE);
      else if (D.causal) outline(ctx, causalRow, CAUSAL);
    });
  }
  function drawCursor() {
    var i = query();
    ['reference', 'variant', 'difference'].forEach(function (w) {
      var ctx = document.getElementById('cursor-' + w).getContext('2d');
      ctx.clearRect(0, 0, side, side);
      ctx.strokeStyle = CURSOR; ctx.lineWidth = Math.max(1, cell / 2);
      ctx.strokeRect(0.5, i * cell - 0.5, side - 1, cell + 1);
      if (state.focusKey !== null) {
        ctx.strokeStyle = OUTLINE; ctx.setLineDash([3, 3]);
        ctx.strokeRect(state.focusKey * cell - 0.5, 0.5, cell + 1, side - 1);
        ctx.setLineDash([]);
      }
    });
  }

  // ---- the query panel and the shaded text ----
  function rowValues(i) {
    var ref = dense(0, state.layer, state.head), vv = dense(mapOf('variant'), state.layer, state.head);
    var out = [];
    for (var j = 0; j < n; j++) out.push({ key: j, ref: ref[i * n + j], variant: vv[i * n + j] });
    return out;
  }
  function drawQuery() {
    var i = query(), rows = rowValues(i), r = rowIndex(state.layer, state.head, i);
    var panel = document.getElementById('query-panel');
    panel.innerHTML = '';
    panel.appendChild(el('h3', { id: 'query-title' }, 'Query ' + i + ' \u00b7 \u201c' + tokenText(i) + '\u201d' + (state.preview !== null ? ' (hover)' : '')));
    var top = rows.slice().sort(function (a, b) { return Math.max(b.ref, b.variant) - Math.max(a.ref, a.variant) || a.key - b.key; }).slice(0, 12);
    var t = el('table', { id: 'query-table' }), head = el('tr');
    ['key', 'token', 'reference', variant().label, 'difference'].forEach(function (s) { head.appendChild(el('th', null, s)); });
    t.appendChild(head);
    top.forEach(function (x) {
      var tr = el('tr', { 'data-key': x.key }), d = x.ref - x.variant;
      tr.appendChild(el('td', null, String(x.key)));
      tr.appendChild(el('td', null, tokenText(x.key)));
      tr.appendChild(el('td', null, fmt(x.ref)));
      tr.appendChild(el('td', null, fmt(x.variant)));
      tr.appendChild(el('td', { 'class': d > 0.0005 ? 'pos' : d < -0.0005 ? 'neg' : '' }, (d >= 0 ? '+' : '') + fmt(d)));
      t.appendChild(tr);
    });
    var rest = el('tr');
    rest.appendChild(el('td', null, ''));
    rest.appendChild(el('td', null, 'keys not kept'));
    rest.appendChild(el('td', null, fmt(maps[0].rest[r])));
    rest.appendChild(el('td', null, fmt(maps[mapOf('variant')].rest[r])));
    rest.appendChild(el('td', null, ''));
    t.appendChild(rest);
    panel.appendChild(t);
    var m = mask(), inside = maskRow(i), lost = 0;
    if (inside) { for (var j = 0; j < n; j++) if (!inside[j]) lost += rows[j].ref; }
    panel.appendChild(el('p', { 'class': 'note' }, inside
      ? 'The reference puts ' + pct(lost) + ' of this query\u2019s mass on keys outside the mask (at least: keys not kept count as 0).'
      : m.kind === 'full' ? 'This layer keeps full attention in ' + variant().label + '.' : variant().label + ' gives weight to every key here: nothing to outline.'));
  }
  var tokenSpans = [];
  function buildTokens() {
    var box = document.getElementById('tokens');
    D.tokens.forEach(function (t, i) {
      var special = /^\[[A-Z]+\]$/.test(t), piece = t.indexOf('##') === 0 && t.length > 2;
      var s = el('span', { 'class': 'tok' + (special ? ' special' : ''), 'data-i': i }, piece ? t.slice(2) : t);
      if (!piece && i > 0) box.appendChild(document.createTextNode(' ')); // a word piece joins its word; a space lets lines wrap
      s.addEventListener('mouseenter', function () { setPreview(i); });
      s.addEventListener('mouseleave', function () { setPreview(null); });
      s.addEventListener('click', function () { setQuery(i); });
      box.appendChild(s);
      tokenSpans.push(s);
    });
  }
  function drawTokens() {
    var i = query(), rows = rowValues(i), inside = maskRow(i);
    document.getElementById('shade-title').textContent = 'Query ' + i + ' \u201c' + tokenText(i) + '\u201d attends to (' + state.shade + ')';
    var maxAbs = 0;
    rows.forEach(function (x) {
      var v = state.shade === 'reference' ? x.ref : state.shade === 'variant' ? x.variant : x.ref - x.variant;
      maxAbs = Math.max(maxAbs, Math.abs(v));
    });
    rows.forEach(function (x, j) {
      var s = tokenSpans[j], d = x.ref - x.variant;
      var v = state.shade === 'reference' ? x.ref : state.shade === 'variant' ? x.variant : d;
      // shaded relative to the row's largest value, so a flat row still shows its shape; the numbers are exact
      var scaled = maxAbs > 0 ? v / maxAbs : 0;
      s.style.backgroundColor = css(state.shade, scaled);
      s.style.color = level(scaled) > 190 ? '#fff' : '';
      s.setAttribute('data-ref', x.ref.toFixed(6));
      s.setAttribute('data-variant', x.variant.toFixed(6));
      s.setAttribute('data-difference', d.toFixed(6));
      s.title = j + ' \u201c' + tokenText(j) + '\u201d  reference ' + fmt(x.ref) + ', ' + variant().label + ' ' + fmt(x.variant) + ', difference ' + fmt(d);
      s.classList.toggle('query', j === i);
      s.classList.toggle('focus', j === state.focusKey);
      s.classList.toggle('out', inside !== null && !inside[j]);
    });
  }

  // ---- the model view ----
  var thumb = Math.min(n, 64), gridCells = [];
  function buildGrid() {
    var g = document.getElementById('grid');
    g.style.gridTemplateColumns = '32px repeat(' + H + ', minmax(44px, 1fr))';
    g.appendChild(el('div', { 'class': 'lab' }, ''));
    for (var h = 0; h < H; h++) g.appendChild(el('div', { 'class': 'lab', role: 'columnheader' }, 'H' + h));
    for (var l = 0; l < L; l++) {
      g.appendChild(el('div', { 'class': 'lab', role: 'rowheader' }, 'L' + l));
      for (h = 0; h < H; h++) {
        var b = el('button', { 'class': 'cell', type: 'button', role: 'gridcell', 'data-layer': l, 'data-head': h, 'aria-label': 'layer ' + l + ' head ' + h });
        var c = el('canvas', { width: thumb, height: thumb });
        b.appendChild(c);
        b.appendChild(el('span', { 'class': 'fig' }, ''));
        (function (l, h) {
          b.addEventListener('click', function () {
            select(l, h);
            var top = document.getElementById('head-view').getBoundingClientRect().top;
            if (top < 0) window.scrollBy(0, top - 60); // open it: bring the head view back into sight
          });
        })(l, h);
        g.appendChild(b);
        gridCells.push(b);
      }
    }
  }
  function drawThumb(canvas, which, l, h) {
    var f = n / thumb, sums = new Float32Array(thumb * thumb);
    var mv = which === 'reference' ? null : mapOf('variant');
    for (var i = 0; i < n; i++) {
      var r = rowIndex(l, h, i), a = Math.floor(i / f);
      for (var s = 0; s < counts[r]; s++) {
        var j = keys[r * K + s], v = decode(0, r, s);
        if (mv !== null) v = which === 'variant' ? decode(mv, r, s) : v - decode(mv, r, s);
        sums[a * thumb + Math.floor(j / f)] += v / f;
      }
    }
    var ctx = canvas.getContext('2d'), img = ctx.createImageData(thumb, thumb), top = 0;
    for (var x = 0; x < sums.length; x++) top = Math.max(top, Math.abs(sums[x]));
    top = top > 0 ? top : 1;
    for (x = 0; x < sums.length; x++) {
      var c = rgb(which, sums[x] / top);
      img.data[4 * x] = c[0]; img.data[4 * x + 1] = c[1]; img.data[4 * x + 2] = c[2]; img.data[4 * x + 3] = 255;
    }
    ctx.putImageData(img, 0, 0);
  }
  function drawGrid() {
    gridCells.forEach(function (b) {
      var l = +b.getAttribute('data-layer'), h = +b.getAttribute('data-head');
      drawThumb(b.firstChild, state.grid, l, h);
      b.lastChild.textContent = 'H ' + fmt(D.referenceEntropy[l][h], 2) + (coverage(state.variant, l, h) === null ? '' : ' \u00b7 C ' + Math.round(100 * coverage(state.variant, l, h)) + '%');
      b.title = 'layer ' + l + ', head ' + h + ': entropy ' + fmt(D.referenceEntropy[l][h], 3) + ' nats, coverage ' + pct(coverage(state.variant, l, h));
    });
    markGrid();
  }
  function markGrid() {
    gridCells.forEach(function (b) {
      var on = +b.getAttribute('data-layer') === state.layer && +b.getAttribute('data-head') === state.head;
      b.classList.toggle('selected', on);
      b.setAttribute('aria-selected', on ? 'true' : 'false');
    });
  }

  // ---- figures and dropped keys ----
  function drawFigures() {
    var box = document.getElementById('figures');
    box.innerHTML = '';
    var t = el('table', { id: 'figures-table' }), tr = el('tr');
    tr.appendChild(el('th', null, 'layer'));
    for (var h = 0; h < H; h++) tr.appendChild(el('th', null, 'H' + h));
    t.appendChild(tr);
    for (var l = 0; l < L; l++) {
      tr = el('tr');
      tr.appendChild(el('th', null, 'L' + l));
      for (h = 0; h < H; h++) {
        var c = coverage(state.variant, l, h);
        var td = el('td', { 'data-layer': l, 'data-head': h }, fmt(D.referenceEntropy[l][h], 2) + ' / ' + (c === null ? '\u2013' : pct(c)));
        if (c !== null) {
          td.style.backgroundColor = css('difference', (1 - c) * 0.6);
          if (level((1 - c) * 0.6) > 170) td.style.color = '#fff';
        }
        if (l === state.layer && h === state.head) td.className = 'sel';
        tr.appendChild(td);
      }
      t.appendChild(tr);
    }
    box.appendChild(el('p', { 'class': 'note' }, 'Each cell: entropy (nats) / coverage by ' + variant().label + ' (red: more of the reference\u2019s mass outside its mask).'));
    box.appendChild(t);
  }
  function context(j) {
    var a = Math.max(0, j - 3), b = Math.min(n, j + 4), parts = [];
    for (var x = a; x < b; x++) parts.push(x === j ? '[' + D.tokens[x] + ']' : D.tokens[x]);
    return parts.join(' ');
  }
  function droppedTable(title, list, total) {
    var box = el('div'), max = list.length ? list[0].mass : 1;
    box.appendChild(el('h3', null, title + (total === undefined ? '' : ' \u2014 ' + fmt(total) + ' in all')));
    var t = el('table'), head = el('tr');
    ['key', 'token', 'mass dropped', 'context'].forEach(function (s) { head.appendChild(el('th', null, s)); });
    t.appendChild(head);
    list.forEach(function (k) {
      var tr = el('tr', { 'class': 'key' + (k.key === state.focusKey ? ' focus' : ''), tabindex: '0', 'data-key': k.key });
      tr.appendChild(el('td', null, String(k.key)));
      tr.appendChild(el('td', null, k.token));
      var td = el('td'), bar = el('span', { 'class': 'bar' });
      bar.style.width = Math.round(80 * k.mass / max) + 'px';
      td.appendChild(bar); td.appendChild(document.createTextNode(fmt(k.mass)));
      tr.appendChild(td);
      tr.appendChild(el('td', { 'class': 'ctx' }, context(k.key)));
      var focus = function () { state.focusKey = state.focusKey === k.key ? null : k.key; redraw(false); };
      tr.addEventListener('click', focus);
      tr.addEventListener('keydown', function (e) { if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); focus(); } });
      t.appendChild(tr);
    });
    if (!list.length) { var none = el('tr'); none.appendChild(el('td', { colspan: '4' }, 'nothing dropped')); t.appendChild(none); }
    box.appendChild(t);
    return box;
  }
  function drawDropped() {
    var v = variant(), box = document.getElementById('dropped-tables');
    document.getElementById('dropped-title').textContent = 'Keys ' + v.label + ' dropped most';
    box.innerHTML = '';
    box.appendChild(droppedTable('Layer ' + state.layer + ', summed over its ' + H + ' heads', v.dropped[state.layer], v.droppedTotal[state.layer]));
    box.appendChild(droppedTable('Whole model, summed over layers and heads', v.droppedModel));
  }

  // ---- texts ----
  function describeMask(m) {
    if (m.kind === 'pattern') return 'its fixed pattern is outlined (window, sinks, global tokens, blocks)';
    if (m.kind === 'picks') return 'the keys it picked for each query of this head are outlined' + (variant().picksKept ? '' : ' (picks beyond the ' + K + ' weights kept per row are not)');
    if (m.kind === 'full') return 'this layer keeps full attention';
    return 'it gives weight to every key: nothing to outline';
  }
  function drawTexts() {
    var v = variant(), l = state.layer, h = state.head;
    document.getElementById('head-title').textContent = 'Layer ' + l + ' \u00b7 Head ' + h;
    var facts = 'Reference entropy ' + fmt(D.referenceEntropy[l][h], 3) + ' nats';
    var c = coverage(state.variant, l, h);
    facts += c === null ? '' : ' \u00b7 coverage of ' + v.label + '\u2019s mask ' + pct(c);
    facts += ' \u00b7 ' + v.label + ': ' + describeMask(mask()) + '.';
    document.getElementById('head-facts').textContent = facts;
    document.getElementById('variant-caption').textContent = v.label + ' (' + v.name + ')';
    document.getElementById('variant-facts').textContent = v.label + ' = ' + v.name + ' ' + JSON.stringify(v.params)
      + (v.layers ? ' in layers ' + v.layers.join(', ') + ' (full attention in the others)' : ' in every layer');
  }
  function legend() {
    var box = document.getElementById('legend');
    function bar(kind, sign) {
      var c = el('canvas', { width: 100, height: 10 }), ctx = c.getContext('2d');
      for (var x = 0; x < 100; x++) { ctx.fillStyle = css(kind, sign * x / 99); ctx.fillRect(x, 0, 1, 10); }
      return c;
    }
    var a = el('span'); a.appendChild(document.createTextNode('weight 0')); a.appendChild(bar('reference', 1));
    a.appendChild(el('span', { id: 'legend-max' }, '')); a.appendChild(document.createTextNode(' (square-root scale up to the head\u2019s largest weight; each grid cell to its own)'));
    var b = el('span'); b.appendChild(document.createTextNode('variant added')); b.appendChild(bar('difference', -1));
    b.appendChild(document.createTextNode('|')); b.appendChild(bar('difference', 1)); b.appendChild(document.createTextNode('variant dropped'));
    var m = el('span'); m.appendChild(el('span', { 'class': 'swatch' })); m.appendChild(document.createTextNode('variant\u2019s mask; orange: the query row'));
    box.appendChild(a); box.appendChild(b); box.appendChild(m);
    if (D.causal) box.appendChild(el('span', null, 'causal: keys after the query (grey) get no weight'));
  }
  function header() {
    document.title = 'attention explorer: ' + D.experiment + ', document ' + D.document + ', n=' + n;
    document.getElementById('title-experiment').textContent = D.experiment;
    document.getElementById('facts').textContent = D.model + ' \u00b7 document ' + D.document + ' of ' + D.corpus + ' \u00b7 n = ' + n
      + ' tokens \u00b7 ' + L + ' layers \u00d7 ' + H + ' heads \u00b7 ' + (D.causal ? 'causal (decoder)' : 'bidirectional (encoder)');
    var g = D.gate, p = document.getElementById('gate');
    p.textContent = 'Reference: the Java model with full attention; on this document it matches ONNX Runtime with minimum token cosine '
      + g.tokenCosineMin.toFixed(7) + ' and max abs error ' + g.maxAbsError.toExponential(2) + ' (' + (g.passed ? 'gate passed' : 'GATE FAILED') + ').';
    if (!g.passed) p.className = 'fail';
    var about = document.getElementById('about-list');
    [D.storage,
      'Variant maps: each variant\u2019s weights on the reference\u2019s queries and keys of the same layer, read back from the plugin by giving it one-hot values, so a difference is the attention\u2019s alone, not drift from the layers before (report.html has the layer drift).',
      'Entropy and coverage are the diagnostics\u2019 figures (runners diagnostics.AttentionMaps) on this document; the dropped keys are computed from the full maps.',
      'The same maps, with exact weights, are in attention.json beside this page (schema: attention.schema.json in attention-lab\u2019s runners resources).'
    ].forEach(function (s) { about.appendChild(el('li', null, s)); });
  }

  // ---- selection ----
  function fillSelect(id, count, label) {
    var s = document.getElementById(id);
    for (var x = 0; x < count; x++) s.appendChild(el('option', { value: x }, label(x)));
  }
  function select(l, h) {
    state.layer = l; state.head = h;
    redraw(false);
  }
  function setQuery(i) {
    state.query = Math.max(0, Math.min(n - 1, i));
    state.preview = null;
    document.getElementById('query-input').value = state.query;
    drawQueryParts();
  }
  // Scrolls the text box (only it) to the query token when the query moved by keyboard.
  function reveal() {
    var box = document.getElementById('tokens'), s = tokenSpans[state.query];
    var top = s.offsetTop - box.offsetTop;
    if (top < box.scrollTop || top > box.scrollTop + box.clientHeight - 30) box.scrollTop = Math.max(0, top - box.clientHeight / 2);
  }
  function setPreview(i) {
    state.preview = i;
    drawQueryParts();
  }
  function drawQueryParts() { drawCursor(); drawQuery(); drawTokens(); }
  function redraw(gridToo) {
    document.getElementById('variant-select').value = state.variant;
    document.getElementById('layer-select').value = state.layer;
    document.getElementById('head-select').value = state.head;
    document.getElementById('query-input').value = state.query;
    drawTexts();
    drawHeat('reference'); drawHeat('variant'); drawHeat('difference');
    document.getElementById('legend-max').textContent = fmt(headMax());
    drawMasks();
    drawQueryParts();
    drawDropped();
    drawFigures();
    if (gridToo) drawGrid(); else markGrid();
  }

  function bindStack(stack) {
    var tip = document.getElementById('tooltip');
    function at(e) {
      var r = stack.getBoundingClientRect();
      return { i: Math.min(n - 1, Math.max(0, Math.floor((e.clientY - r.top) / r.height * n))), j: Math.min(n - 1, Math.max(0, Math.floor((e.clientX - r.left) / r.width * n))) };
    }
    stack.addEventListener('mousemove', function (e) {
      var p = at(e), ref = dense(0, state.layer, state.head)[p.i * n + p.j], vv = dense(mapOf('variant'), state.layer, state.head)[p.i * n + p.j];
      tip.hidden = false;
      tip.style.left = (e.clientX + 14) + 'px'; tip.style.top = (e.clientY + 14) + 'px';
      tip.textContent = 'query ' + p.i + ' \u201c' + tokenText(p.i) + '\u201d \u2192 key ' + p.j + ' \u201c' + tokenText(p.j) + '\u201d: reference '
        + fmt(ref) + ', ' + variant().label + ' ' + fmt(vv) + ', difference ' + fmt(ref - vv);
      if (state.preview !== p.i) setPreview(p.i);
    });
    stack.addEventListener('mouseleave', function () { tip.hidden = true; setPreview(null); });
    stack.addEventListener('click', function (e) { setQuery(at(e).i); });
  }

  // Open where the first variant loses most: the head whose mask covers least of the reference's mass (else the
  // most focused head), and its query that lost most.
  function opening() {
    var best = null;
    for (var l = 0; l < L; l++) for (var h = 0; h < H; h++) {
      var c = coverage(0, l, h), score = c === null ? D.referenceEntropy[l][h] : c - 10;
      if (best === null || score < best.score) best = { score: score, l: l, h: h };
    }
    state.layer = best.l; state.head = best.h;
    var ref = dense(0, best.l, best.h), vv = dense(1, best.l, best.h), worst = -1;
    for (var i = 0; i < n; i++) {
      var lost = 0;
      for (var j = 0; j < n; j++) lost += Math.max(0, ref[i * n + j] - vv[i * n + j]);
      if (lost > worst) { worst = lost; state.query = i; }
    }
  }

  function init() {
    header();
    legend();
    fillSelect('variant-select', V.length, function (x) { return V[x].label + ' (' + V[x].name + ')'; });
    fillSelect('layer-select', L, function (x) { return 'layer ' + x; });
    fillSelect('head-select', H, function (x) { return 'head ' + x; });
    document.getElementById('query-input').max = n - 1;
    document.getElementById('variant-select').addEventListener('change', function (e) { state.variant = +e.target.value; denseCache.clear(); redraw(true); });
    document.getElementById('layer-select').addEventListener('change', function (e) { select(+e.target.value, state.head); });
    document.getElementById('head-select').addEventListener('change', function (e) { select(state.layer, +e.target.value); });
    document.getElementById('query-input').addEventListener('change', function (e) { setQuery(parseInt(e.target.value, 10) || 0); reveal(); });
    document.querySelectorAll('input[name=shade]').forEach(function (r) { r.addEventListener('change', function (e) { state.shade = e.target.value; drawTokens(); }); });
    document.querySelectorAll('input[name=grid]').forEach(function (r) { r.addEventListener('change', function (e) { state.grid = e.target.value; drawGrid(); }); });
    document.querySelectorAll('.stack').forEach(bindStack);
    document.addEventListener('keydown', function (e) {
      var t = e.target.tagName;
      if (t === 'SELECT' || t === 'INPUT' || t === 'TEXTAREA' || e.altKey || e.ctrlKey || e.metaKey) return;
      var done = true;
      if (e.key === 'ArrowLeft') select(state.layer, (state.head + H - 1) % H);
      else if (e.key === 'ArrowRight') select(state.layer, (state.head + 1) % H);
      else if (e.key === 'ArrowUp') select((state.layer + L - 1) % L, state.head);
      else if (e.key === 'ArrowDown') select((state.layer + 1) % L, state.head);
      else if (e.key === 'j') { setQuery(state.query + 1); reveal(); }
      else if (e.key === 'k') { setQuery(state.query - 1); reveal(); }
      else if (e.key === 'v') { state.variant = (state.variant + 1) % V.length; denseCache.clear(); redraw(true); }
      else done = false;
      if (done) e.preventDefault();
    });
    buildTokens();
    buildGrid();
    opening();
    redraw(true);
    document.body.setAttribute('data-ready', 'true');
  }
  init();
})();
