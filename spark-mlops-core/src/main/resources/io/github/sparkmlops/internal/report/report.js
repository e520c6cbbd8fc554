/*
 * The MLOps store report: draws the data of the script element "mlops-data" with uPlot.
 *
 * Safety: everything that comes from the data enters the page as text (textContent,
 * createTextNode), as a safe attribute value (setAttribute on title/class), or as text drawn on a
 * canvas. This file never builds HTML from strings. uPlot 1.6.30 writes series labels, titles and
 * legend values with textContent / nodeValue, so labels passed to it are text too.
 *
 * Charts are created when they scroll into view; window.mlopsReport.renderAll() creates them all,
 * window.mlopsReport.summary() describes what the page holds (for tests).
 */
(function () {
  'use strict';

  var DASH = '\u2014';
  var TIMES = '\u00d7';
  var PALETTE = ['#0969da', '#bf8700', '#1a7f37', '#8250df', '#cf222e', '#1b7c83', '#953800',
    '#4d2d00', '#6e7781', '#bf3989'];
  var ALERT = '#cf222e';
  var EVENT = '#8c959f';
  var CHART_HEIGHT = 200;

  var api = { ready: false, renderAll: renderAll, summary: summary };
  window.mlopsReport = api;

  var charts = [];      // {section, name, holder, card, spec: function -> [opts, data], plot, series, points}
  var tables = [];      // {section, name, rows}
  var empty = [];       // ids of sections shown as empty
  var heatmap = { cells: 0, drifted: 0 };
  var observer = null;
  var eventTimes = [];  // sorted [{time, alert}] for the markers on time series
  var totals = {};      // header.totals: how many there were of the lists shown in part

  // ---------------------------------------------------------------- helpers

  /** An element with text children; attrs holds only class/id/title/href (own values or text). */
  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    if (attrs) {
      Object.keys(attrs).forEach(function (key) {
        if (attrs[key] != null) {
          node.setAttribute(key === 'className' ? 'class' : key, String(attrs[key]));
        }
      });
    }
    append(node, children);
    return node;
  }

  function append(node, children) {
    if (children == null) {
      return node;
    }
    if (!Array.isArray(children)) {
      children = [children];
    }
    children.forEach(function (child) {
      if (child == null) {
        return;
      }
      node.appendChild(child instanceof Node ? child : document.createTextNode(String(child)));
    });
    return node;
  }

  function text(value) {
    return value == null ? DASH : String(value);
  }

  /** Data text set apart from the text around it, so right-to-left marks in it cannot spill. */
  function bdi(value) {
    return el('bdi', null, text(value));
  }

  function isNum(v) {
    return typeof v === 'number' && isFinite(v);
  }

  /** "1 point", "2 points"; "1 history entry", "2 history entries" with the plural given. */
  function counted(n, noun, plural) {
    return fmtNum(n) + ' ' + (n === 1 ? noun : plural || noun + 's');
  }

  function fmtNum(v) {
    if (v == null) {
      return DASH;
    }
    if (typeof v !== 'number') {
      return String(v);
    }
    if (!isFinite(v)) {
      return String(v);
    }
    if (Number.isInteger(v) && Math.abs(v) < 1e15) {
      return String(v);
    }
    var a = Math.abs(v);
    if (a !== 0 && (a < 1e-4 || a >= 1e15)) {
      return v.toExponential(4);
    }
    return String(Number(v.toPrecision(6)));
  }

  function fmtShort(v) {
    if (!isNum(v)) {
      return text(v);
    }
    var a = Math.abs(v);
    if (a !== 0 && (a < 1e-3 || a >= 1e7)) {
      return v.toExponential(2);
    }
    return String(Number(v.toPrecision(4)));
  }

  /** Epoch seconds as "2026-12-06 15:04:05Z" (UTC), milliseconds only when there are some. */
  function fmtTime(secs) {
    if (!isNum(secs)) {
      return DASH;
    }
    var d = new Date(secs * 1000);
    if (isNaN(d.getTime())) {
      return String(secs);
    }
    var iso = d.toISOString();
    var ms = iso.slice(19, 23);
    return iso.slice(0, 10) + ' ' + iso.slice(11, 19) + (ms === '.000' ? '' : ms) + 'Z';
  }

  function arr(v) {
    return Array.isArray(v) ? v : [];
  }

  function obj(v) {
    return v != null && typeof v === 'object' && !Array.isArray(v) ? v : {};
  }

  function nonNull(values) {
    var n = 0;
    for (var i = 0; i < values.length; i++) {
      if (values[i] != null) {
        n++;
      }
    }
    return n;
  }

  /** k=v lines of a map, as a list element (or a dash). */
  function kvList(map) {
    var keys = Object.keys(obj(map));
    if (!keys.length) {
      return DASH;
    }
    return el('ul', null, keys.map(function (k) {
      var v = map[k];
      return el('li', null, [bdi(k), '=', typeof v === 'number' ? fmtNum(v) : bdi(v)]);
    }));
  }

  function itemList(values) {
    values = arr(values);
    if (!values.length) {
      return DASH;
    }
    return el('ul', null, values.map(function (v) { return el('li', null, text(v)); }));
  }

  // ---------------------------------------------------------------- sections

  var SECTIONS = [
    ['series', 'Time series', 'No numbers or KPIs stored in this range'],
    ['graphs', 'Multi-line graphs', 'No multi-line graphs stored in this range'],
    ['histograms', 'Histograms', 'No histograms stored in this range'],
    ['drift', 'Drift', 'No drift computed in this range'],
    ['vectors', 'Vectors', 'No vectors stored in this range'],
    ['tables', 'Tables', 'No table stats stored in this range'],
    ['strings', 'Strings', 'No strings stored in this range'],
    ['opaque', 'Opaque values', 'No opaque values stored in this range'],
    ['events', 'Events & alerts', 'No events or alerts in this range'],
    ['models', 'Models', 'No model versions or model history for these filters'],
    ['runs', 'Runs', 'No runs in this range']
  ];
  var FILTERED = { series: true, graphs: true, histograms: true, vectors: true };

  function section(root, nav, id, title, count, countText, emptyReason, build) {
    var heading = el('h2', null, [title, el('span', { className: 'count' }, countText)]);
    var box = el('section', { id: id }, heading);
    root.appendChild(box);
    var link = el('a', { href: '#' + id }, title + ' (' + count + ')');
    nav.appendChild(link);
    if (!count) {
      empty.push(id);
      link.setAttribute('class', 'empty');
      box.appendChild(el('p', { className: 'empty' }, 'Nothing here: ' + emptyReason + '.'));
      return;
    }
    try {
      build(box);
    } catch (e) {
      console.error('mlops report: section ' + id + ' could not be drawn', e);
      box.appendChild(el('p', { className: 'error' }, 'This section could not be drawn: '
          + (e && e.message)));
    }
  }

  function card(box, grid, sectionId, name, metaText) {
    var c = el('div', { className: 'card', 'data-name': String(name == null ? '' : name).toLowerCase() },
        el('h3', null, text(name)));
    if (metaText) {
      c.appendChild(el('div', { className: 'meta' }, metaText));
    }
    grid.appendChild(c);
    return c;
  }

  /** " - app churn" for an entry of a store several applications report to. */
  function app(x) {
    return x && x.mlapp ? [' \u00b7 app ', bdi(x.mlapp)] : [];
  }

  /** "showing 1,000 of 2,345 series ..." under a section that shows the first of many. */
  function shownOf(box, shown, total, what, hint) {
    if (isNum(total) && total > shown) {
      box.appendChild(el('p', { className: 'note' }, 'showing ' + fmtNum(shown) + ' of '
          + fmtNum(total) + ' ' + what + (hint ? ': ' + hint : '')));
    }
  }

  function grid(box) {
    var g = el('div', { className: 'grid' });
    box.appendChild(g);
    return g;
  }

  // ---------------------------------------------------------------- charts

  /** Registers a chart made lazily: spec() returns [uPlot options without size, data]. */
  function chart(sectionId, name, parent, cardNode, spec, small) {
    var holder = el('div', { className: small ? 'chart small' : 'chart' });
    parent.appendChild(holder);
    var entry = { section: sectionId, name: name, holder: holder, card: cardNode, spec: spec,
      plot: null };
    charts.push(entry);
    if (observer) {
      observer.observe(holder);
    }
    return entry;
  }

  function render(entry) {
    if (entry.plot) {
      return;
    }
    if (observer) {
      observer.unobserve(entry.holder);
    }
    var made = entry.spec();
    var opts = made[0];
    opts.width = Math.max(240, entry.holder.clientWidth || 600);
    opts.height = opts.height || CHART_HEIGHT;
    entry.holder.style.minHeight = '0';
    entry.plot = new uPlot(opts, made[1], entry.holder);
  }

  function renderAll() {
    charts.forEach(render);
    return charts.length;
  }

  function utc(ts) {
    return uPlot.tzDate(new Date(ts * 1000), 'Etc/UTC');
  }

  function timeSeriesAxis() {
    return { stroke: '#59636e', grid: { stroke: '#eaeef2' }, ticks: { stroke: '#eaeef2' } };
  }

  function valueSeries(label, color) {
    return {
      label: label, stroke: color, width: 1.5, spanGaps: false, points: { size: 4 },
      value: function (u, v) { return v == null ? '--' : fmtNum(v); }
    };
  }

  function timeX() {
    return { label: 'time (UTC)', value: function (u, v) { return v == null ? '--' : fmtTime(v); } };
  }

  /** A draw hook that marks the events' times: alerts red, other events grey. */
  function eventMarkers(u) {
    if (!eventTimes.length) {
      return;
    }
    var min = u.scales.x.min;
    var max = u.scales.x.max;
    var lo = lowerBound(eventTimes, min);
    var ctx = u.ctx;
    var top = u.bbox.top;
    var height = u.bbox.height;
    ctx.save();
    ctx.lineWidth = Math.max(1, devicePixelRatio || 1);
    for (var i = lo; i < eventTimes.length && eventTimes[i].time <= max; i++) {
      var x = Math.round(u.valToPos(eventTimes[i].time, 'x', true)) + 0.5;
      ctx.strokeStyle = eventTimes[i].alert ? ALERT : EVENT;
      ctx.globalAlpha = eventTimes[i].alert ? 0.8 : 0.5;
      ctx.beginPath();
      ctx.moveTo(x, top);
      ctx.lineTo(x, top + height);
      ctx.stroke();
    }
    ctx.restore();
  }

  function lowerBound(sorted, time) {
    var lo = 0;
    var hi = sorted.length;
    while (lo < hi) {
      var mid = (lo + hi) >>> 1;
      if (sorted[mid].time < time) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  /**
   * Time tick labels in UTC, 24 hours: the date on the first tick and where the day changes,
   * seconds only when ticks are less than a minute apart.
   */
  function timeValues(u, splits, axisIdx, space, incr) {
    var lastDay = null;
    return splits.map(function (s) {
      if (!isNum(s)) {
        return '';
      }
      var iso = new Date(s * 1000).toISOString();
      var day = iso.slice(0, 10);
      if (incr >= 86400) {
        return day;
      }
      var time = incr < 60 ? iso.slice(11, 19) : iso.slice(11, 16);
      var label = day !== lastDay ? day + '\n' + time : time;
      lastDay = day;
      return label;
    });
  }

  /** Tick text short enough for the axis: 1.2M rather than 1,200,000. */
  function fmtTick(v) {
    var a = Math.abs(v);
    if (a >= 1e12) { return +(v / 1e12).toPrecision(3) + 'T'; }
    if (a >= 1e9) { return +(v / 1e9).toPrecision(3) + 'G'; }
    if (a >= 1e6) { return +(v / 1e6).toPrecision(3) + 'M'; }
    if (a >= 1e4) { return +(v / 1e3).toPrecision(3) + 'k'; }
    return String(+v.toPrecision(4));
  }

  /** A value axis as wide as its longest tick text. */
  function valueAxis() {
    var y = timeSeriesAxis();
    y.values = function (u, splits) { return splits.map(fmtTick); };
    y.size = function (u, values) {
      var longest = 0;
      (values || []).forEach(function (v) { longest = Math.max(longest, String(v).length); });
      return Math.max(40, longest * 7 + 18);
    };
    return y;
  }

  function lineOptions(seriesOpts, markers) {
    var x = timeSeriesAxis();
    x.values = timeValues;
    x.space = 70;
    x.size = 56;
    return {
      tzDate: utc,
      // one time only: an hour either side (uPlot would span 1,000 days on a seconds axis)
      scales: { x: { time: true, range: function (u, min, max) {
        var xs = u.data && u.data[0];
        return xs && xs.length && xs[0] === xs[xs.length - 1] ? [xs[0] - 3600, xs[0] + 3600]
            : [min, max];
      } } },
      series: [timeX()].concat(seriesOpts),
      axes: [x, valueAxis()],
      legend: { live: true },
      hooks: markers ? { draw: [eventMarkers] } : {}
    };
  }

  /** Index labels on a canvas axis (tick text is drawn, never parsed as HTML). */
  function indexAxis(labels) {
    var a = timeSeriesAxis();
    var longest = 1;
    labels.forEach(function (l) { longest = Math.max(longest, String(l).length); });
    a.space = Math.min(220, 7 * longest + 12);
    a.incrs = [1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 5000, 10000];
    a.values = function (u, splits) {
      return splits.map(function (s) {
        return Number.isInteger(s) && s >= 0 && s < labels.length ? labels[s] : '';
      });
    };
    return a;
  }

  function barOptions(labels, bars, xValue) {
    var two = bars.length > 1;
    var series = [{ label: 'bin', value: function (u, v) { return v == null ? '--' : xValue(v); } }];
    bars.forEach(function (b, i) {
      var color = PALETTE[i % PALETTE.length];
      series.push({
        label: b.label, stroke: color, fill: color + (two ? '99' : 'cc'), width: 1,
        points: { show: false },
        paths: uPlot.paths.bars({ size: [two ? 0.4 : 0.7, Infinity], align: two ? (i === 0 ? -1 : 1) : 0 }),
        fillTo: function () { return 0; },
        value: function (u, v) { return v == null ? '--' : fmtNum(v); }
      });
    });
    return {
      scales: {
        x: { time: false, range: function (u, min, max) { return [min - 0.5, max + 0.5]; } },
        y: { range: function (u, min, max) {
          var lo = Math.min(0, min == null ? 0 : min);
          var hi = Math.max(0, max == null ? 1 : max);
          if (lo === hi) {
            hi = lo + 1;
          }
          return [lo, hi + (hi - lo) * 0.05];
        } }
      },
      series: series,
      axes: [indexAxis(labels), timeSeriesAxis()],
      legend: { live: true },
      cursor: { drag: { x: false, y: false } }
    };
  }

  function indices(n) {
    var xs = new Array(n);
    for (var i = 0; i < n; i++) {
      xs[i] = i;
    }
    return xs;
  }

  function numbers(values, n) {
    var out = new Array(n);
    for (var i = 0; i < n; i++) {
      var v = values[i];
      out[i] = isNum(v) ? v : null;
    }
    return out;
  }

  // ---------------------------------------------------------------- the sections' content

  function buildHeader(root, header) {
    header = obj(header);
    var filters = obj(header.filters);
    var prefixes = arr(filters.stats);
    root.appendChild(el('h1', { id: 'header' }, 'MLOps store report'));
    var dl = el('dl', { className: 'header' });
    function row(name, value) {
      dl.appendChild(el('dt', null, name));
      dl.appendChild(el('dd', null, value));
    }
    row('Store', text(header.store));
    row('Generated', fmtTime(header.generated));
    row('Range', (header.since == null ? 'the beginning' : fmtTime(header.since)) + ' to '
        + (header.until == null ? 'now' : fmtTime(header.until)));
    row('Records shown', header.first == null && header.last == null ? 'none'
        : fmtTime(header.first) + ' to ' + fmtTime(header.last));
    row('Filter: mlapp', filters.mlapp == null ? 'all' : String(filters.mlapp));
    var stats = [];
    prefixes.forEach(function (p, i) {
      stats.push(i ? ', ' : '', bdi(p));
    });
    row('Filter: stats', prefixes.length ? stats.concat(' (name prefixes)') : 'all');
    row('Filter: model', filters.model == null ? 'all' : String(filters.model));
    row('Library', 'spark-mlops ' + text(header.library));
    root.appendChild(el('section', { className: 'card' }, dl));
  }

  function buildSeries(box, series) {
    shownOf(box, series.length, totals.series, 'series', 'narrow the report with the stats filter');
    var g = grid(box);
    series.forEach(function (s) {
      var t = arr(s.t);
      var n = t.length;
      var meta = [bdi(s.type), ' \u00b7 ', bdi(s.category), ' \u00b7 ' + counted(s.count, 'point') + ' stored']
          .concat(app(s));
      var c = card(box, g, 'series', s.name, meta);
      if (s.thinned) {
        c.appendChild(el('p', { className: 'note' }, 'thinned: ' + fmtNum(n) + ' points shown of '
            + fmtNum(s.count) + ' (min and max of each interval kept)'));
      }
      chart('series', s.name, c, c, function () {
        return [lineOptions([valueSeries('value', PALETTE[0])], true), [numbers(t, n), numbers(arr(s.v), n)]];
      });
    });
  }

  function buildGraphs(box, graphs) {
    shownOf(box, graphs.length, totals.graphs, 'graphs', 'narrow the report with the stats filter');
    var g = grid(box);
    graphs.forEach(function (gr) {
      var t = arr(gr.t);
      var n = t.length;
      var labels = arr(gr.labels);
      var values = arr(gr.values);
      var c = card(box, g, 'graphs', gr.name, [counted(labels.length, 'line') + ' \u00b7 '
          + counted(gr.count, 'point') + ' stored'].concat(app(gr)));
      if (gr.thinned) {
        c.appendChild(el('p', { className: 'note' }, 'thinned: ' + fmtNum(n) + ' points shown of '
            + fmtNum(gr.count) + ' (evenly spaced, the first and the last kept)'));
      }
      chart('graphs', gr.name, c, c, function () {
        var seriesOpts = labels.map(function (label, i) {
          return valueSeries(text(label), PALETTE[i % PALETTE.length]);
        });
        var data = [numbers(t, n)].concat(labels.map(function (label, i) {
          return numbers(arr(values[i]), n);
        }));
        return [lineOptions(seriesOpts, true), data];
      });
    });
  }

  function binLabels(h, n) {
    var edges = arr(h.edges);
    var labels = arr(h.labels);
    var out = new Array(n);
    for (var i = 0; i < n; i++) {
      if (h.kind === 'CATEGORICAL' || edges.length < n + 1) {
        out[i] = labels[i] == null ? (h.kind === 'CATEGORICAL' ? DASH : '#' + i) : String(labels[i]);
      } else {
        out[i] = fmtShort(edges[i]) + '\u2013' + fmtShort(edges[i + 1]);
      }
    }
    return out;
  }

  function buildHistograms(box, histograms) {
    shownOf(box, histograms.length, totals.histograms, 'histograms', 'the first by name');
    var g = grid(box);
    histograms.forEach(function (h) {
      var bars = arr(h.bars);
      var n = 0;
      bars.forEach(function (b) { n = Math.max(n, arr(b.counts).length); });
      var labels = binLabels(h, n);
      var c = card(box, g, 'histograms', h.name, [bdi(h.kind), ' \u00b7 ' + n + ' bins'].concat(app(h)));
      bars.forEach(function (b, i) {
        c.appendChild(el('div', { className: 'meta' }, [
          el('span', { className: 'swatch', style: null }),
          bdi(b.label), ': ' + fmtTime(b.time), b.run_id == null ? null : ' \u00b7 run ',
          b.run_id == null ? null : bdi(b.run_id)
        ]));
        c.lastChild.firstChild.style.background = PALETTE[i % PALETTE.length];
      });
      chart('histograms', h.name, c, c, function () {
        var data = [indices(n)].concat(bars.map(function (b) { return numbers(arr(b.counts), n); }));
        var named = bars.map(function (b) { return { label: text(b.label) + ' ' + fmtTime(b.time) }; });
        return [barOptions(labels, named, function (v) { return labels[v] == null ? '' : labels[v]; }), data];
      });
    });
  }

  function buildVectors(box, vectors) {
    shownOf(box, vectors.length, totals.vectors, 'vectors', 'the first by name');
    var g = grid(box);
    vectors.forEach(function (v) {
      var values = arr(v.values);
      var n = values.length;
      var labels = [];
      for (var i = 0; i < n; i++) {
        labels.push(arr(v.labels)[i] == null ? String(i) : String(v.labels[i]));
      }
      var c = card(box, g, 'vectors', v.name, ['latest value, ' + fmtTime(v.time) + ' \u00b7 ' + n
          + ' entries'].concat(app(v)));
      if (isNum(v.truncated) && v.truncated > 0) {
        c.appendChild(el('p', { className: 'note' }, fmtNum(v.truncated) + ' more entries not shown'));
      }
      chart('vectors', v.name, c, c, function () {
        return [barOptions(labels, [{ label: 'value' }],
            function (x) { return labels[x] == null ? '' : labels[x]; }), [indices(n), numbers(values, n)]];
      }, true);
    });
  }

  function levelColour(level) {
    var l = isNum(level) ? Math.max(0, Math.min(1, level)) : 0;
    // green (fine) -> yellow -> red (far past the threshold)
    var stops = [[218, 243, 224], [250, 220, 120], [207, 34, 46]];
    var a = l < 0.5 ? stops[0] : stops[1];
    var b = l < 0.5 ? stops[1] : stops[2];
    var f = l < 0.5 ? l / 0.5 : (l - 0.5) / 0.5;
    return 'rgb(' + [0, 1, 2].map(function (i) { return Math.round(a[i] + (b[i] - a[i]) * f); }).join(',') + ')';
  }

  function buildDrift(box, drift) {
    var columns = arr(drift.columns);
    var comparisons = arr(drift.comparisons);
    var cells = arr(drift.cells);
    if (isNum(drift.count) && drift.count > comparisons.length) {
      box.appendChild(el('p', { className: 'note' }, 'showing the latest ' + comparisons.length
          + ' of ' + fmtNum(drift.count) + ' comparisons'));
    }
    shownOf(box, columns.length, totals.drift_columns, 'columns', 'the first by name');
    var legend = el('p', { className: 'note' }, [
      'colour by score against threshold:',
      el('span', { className: 'swatch' }), 'fine',
      el('span', { className: 'swatch' }), 'at threshold',
      el('span', { className: 'swatch' }), 'far past',
      ' \u00b7 a dark outline and a cross mark drifted cells \u00b7 grey: not compared'
    ]);
    var swatches = legend.querySelectorAll('.swatch');
    swatches[0].style.background = levelColour(0);
    swatches[1].style.background = levelColour(0.5);
    swatches[2].style.background = levelColour(1);
    box.appendChild(legend);

    var grid2 = {};
    var drifted = 0;
    var count = 0;
    cells.forEach(function (cell) {
      if (Number.isInteger(cell.c) && Number.isInteger(cell.k) && cell.c >= 0 && cell.c < columns.length
          && cell.k >= 0 && cell.k < comparisons.length) {
        grid2[cell.c + ':' + cell.k] = cell;
        count++;
        if (cell.drifted) {
          drifted++;
        }
      }
    });
    heatmap = { cells: count, drifted: drifted };

    var wrap = el('div', { className: 'heat card' });
    var canvas = document.createElement('canvas');
    var tip = el('div', { className: 'tip off' });
    wrap.appendChild(canvas);
    wrap.appendChild(tip);
    box.appendChild(wrap);

    var ctx = canvas.getContext('2d');
    var font = '12px system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif';
    ctx.font = font;
    var labelWidth = 40;
    columns.forEach(function (name) {
      labelWidth = Math.max(labelWidth, Math.min(220, ctx.measureText(text(name)).width + 12));
    });
    var rowHeight = 20;
    var axisHeight = 34;
    var avail = Math.max(200, (wrap.clientWidth || 1200) - 26 - labelWidth);
    var cellWidth = Math.max(3, Math.min(80, Math.floor(avail / Math.max(1, comparisons.length))));
    var width = labelWidth + cellWidth * comparisons.length + 8;
    var height = rowHeight * columns.length + axisHeight;
    var dpr = window.devicePixelRatio || 1;
    canvas.width = Math.round(width * dpr);
    canvas.height = Math.round(height * dpr);
    canvas.style.width = width + 'px';
    canvas.style.height = height + 'px';
    ctx = canvas.getContext('2d');
    ctx.scale(dpr, dpr);
    ctx.font = font;
    ctx.textBaseline = 'middle';

    columns.forEach(function (name, c) {
      ctx.fillStyle = '#1f2328';
      var label = text(name);
      while (label.length > 1 && ctx.measureText(label).width > labelWidth - 10) {
        label = label.slice(0, -2) + '\u2026';
      }
      ctx.fillText(label, 2, c * rowHeight + rowHeight / 2);
      for (var k = 0; k < comparisons.length; k++) {
        var cell = grid2[c + ':' + k];
        var x = labelWidth + k * cellWidth;
        var y = c * rowHeight;
        ctx.fillStyle = cell ? levelColour(cell.level) : '#eaeef2';
        ctx.fillRect(x, y + 1, cellWidth - (cellWidth > 4 ? 1 : 0), rowHeight - 2);
        if (cell && cell.drifted) {
          ctx.strokeStyle = '#1f2328';
          ctx.lineWidth = 1;
          ctx.strokeRect(x + 0.5, y + 1.5, cellWidth - (cellWidth > 4 ? 2 : 1), rowHeight - 3);
          if (cellWidth >= 8) {
            ctx.beginPath();
            ctx.moveTo(x + 2, y + 3);
            ctx.lineTo(x + cellWidth - 3, y + rowHeight - 3);
            ctx.moveTo(x + cellWidth - 3, y + 3);
            ctx.lineTo(x + 2, y + rowHeight - 3);
            ctx.stroke();
          }
        }
      }
    });
    // time axis: a label at most every 150 px
    ctx.fillStyle = '#59636e';
    ctx.textBaseline = 'top';
    var every = Math.max(1, Math.ceil(150 / cellWidth));
    var axisY = columns.length * rowHeight + 4;
    for (var k = 0; k < comparisons.length; k += every) {
      var x = labelWidth + k * cellWidth;
      ctx.fillRect(x, axisY - 4, 1, 4);
      ctx.fillText(fmtTime(obj(comparisons[k]).time), x, axisY);
    }
    ctx.fillText('time (UTC) \u2192', 2, axisY + 16);

    canvas.addEventListener('mousemove', function (e) {
      var rect = canvas.getBoundingClientRect();
      var px = e.clientX - rect.left;
      var py = e.clientY - rect.top;
      var c = Math.floor(py / rowHeight);
      var k = Math.floor((px - labelWidth) / cellWidth);
      if (px < labelWidth || c < 0 || c >= columns.length || k < 0 || k >= comparisons.length) {
        tip.setAttribute('class', 'tip off');
        return;
      }
      var cell = grid2[c + ':' + k];
      var cmp = obj(comparisons[k]);
      var lines = ['column: ' + text(columns[c]), 'time: ' + fmtTime(cmp.time),
        'baseline: ' + text(cmp.baseline)];
      if (cmp.label != null) {
        lines.push('label: ' + cmp.label);
      }
      if (cell) {
        lines.push('method: ' + text(cell.method), 'score: ' + fmtNum(cell.score),
            'threshold: ' + fmtNum(cell.threshold), 'drifted: ' + (cell.drifted ? 'yes' : 'no'));
      } else {
        lines.push('not compared');
      }
      tip.textContent = lines.join('\n');
      tip.setAttribute('class', 'tip');
      tip.style.left = (px + wrap.scrollLeft + 14) + 'px';
      tip.style.top = (py + 10) + 'px';
    });
    canvas.addEventListener('mouseleave', function () { tip.setAttribute('class', 'tip off'); });
  }

  /** An HTML table; cells are text, numbers (right-aligned) or nodes. */
  function dataTable(box, sectionId, name, head, rows, rowClass) {
    var table = el('table', { className: 'data' });
    table.appendChild(el('thead', null, el('tr', null, head.map(function (h) { return el('th', null, h); }))));
    var body = el('tbody');
    rows.forEach(function (cells, r) {
      var tr = el('tr', rowClass ? { className: rowClass(r) } : null);
      cells.forEach(function (cell) {
        var td;
        if (cell instanceof Node) {
          td = el('td', null, cell);
        } else if (typeof cell === 'number') {
          td = el('td', { className: 'num' }, fmtNum(cell));
        } else {
          td = el('td', null, cell == null ? DASH : String(cell));
        }
        tr.appendChild(td);
      });
      body.appendChild(tr);
    });
    table.appendChild(body);
    box.appendChild(el('div', { className: 'scroll' }, table));
    tables.push({ section: sectionId, name: name, rows: rows.length });
    return table;
  }

  function buildTables(box, list) {
    shownOf(box, list.length, totals.tables, 'tables', 'the first by name');
    list.forEach(function (t) {
      var c = el('div', { className: 'card' }, el('h3', null, text(t.name)));
      c.appendChild(el('div', { className: 'meta' }, [fmtTime(t.time)].concat(app(t))));
      box.appendChild(c);
      var types = arr(t.types);
      var head = [''].concat(arr(t.columns).map(text));
      var rows = arr(t.rows).map(function (row) {
        row = obj(row);
        return [el('span', null, row.name == null ? '' : String(row.name))].concat(arr(row.cells)
            .map(function (v) { return typeof v === 'boolean' ? String(v) : v; }));
      });
      var table = dataTable(c, 'tables', t.name, head, rows);
      var ths = table.querySelectorAll('th');
      types.forEach(function (type, i) {
        if (ths[i + 1]) {
          ths[i + 1].setAttribute('title', text(type));
        }
      });
      table.querySelectorAll('tbody tr').forEach(function (tr) {
        tr.firstChild.setAttribute('class', 'rowname');
      });
      if (isNum(t.truncated) && t.truncated > 0) {
        c.appendChild(el('p', { className: 'note' }, fmtNum(t.truncated) + ' more rows not shown'));
      }
      if (isNum(t.columns_truncated) && t.columns_truncated > 0) {
        c.appendChild(el('p', { className: 'note' }, fmtNum(t.columns_truncated)
            + ' more columns not shown'));
      }
    });
  }

  function buildStrings(box, list) {
    shownOf(box, list.length, totals.strings, 'values', 'the first by name');
    dataTable(box, 'strings', 'strings', ['name', 'mlapp', 'time', 'category', 'value'], list.map(function (s) {
      return [text(s.name), text(s.mlapp), fmtTime(s.time), text(s.category), text(s.value)];
    }));
  }

  function buildOpaque(box, list) {
    shownOf(box, list.length, totals.opaque, 'opaque values', 'the first by name');
    list.forEach(function (o) {
      var c = el('div', { className: 'card' }, [el('h3', null, text(o.name)),
        el('div', { className: 'meta' }, [fmtTime(o.time)].concat(app(o))),
        el('pre', { className: 'json' }, o.json == null ? 'null' : String(o.json))]);
      box.appendChild(c);
    });
  }

  var SEVERITIES = ['TRACE', 'DEBUG', 'INFO', 'NOTICE', 'WARN', 'WARNING', 'ERROR', 'CRITICAL', 'FATAL'];

  function buildEvents(box, events) {
    var rows = arr(events.rows);
    if (isNum(events.count) && rows.length < events.count) {
      box.appendChild(el('p', { className: 'note' }, 'showing ' + fmtNum(rows.length) + ' of '
          + fmtNum(events.count) + ' events'));
    }
    if (rows.length) {
      var sorted = rows.filter(function (r) { return isNum(obj(r).time); })
          .sort(function (a, b) { return a.time - b.time; });
      var names = [];
      sorted.forEach(function (r) {
        var s = r.severity == null ? DASH : String(r.severity);
        if (names.indexOf(s) < 0) {
          names.push(s);
        }
      });
      names.sort(function (a, b) {
        var ia = SEVERITIES.indexOf(a.toUpperCase());
        var ib = SEVERITIES.indexOf(b.toUpperCase());
        ia = ia < 0 ? SEVERITIES.length : ia;
        ib = ib < 0 ? SEVERITIES.length : ib;
        return ia !== ib ? ia - ib : (a < b ? -1 : a > b ? 1 : 0);
      });
      var c = el('div', { className: 'card' }, el('h3', null, 'Timeline'));
      c.appendChild(el('div', { className: 'meta' }, 'one point per event, by severity; alerts in red'));
      box.appendChild(c);
      chart('events', 'timeline', c, c, function () {
        var xs = [];
        var plain = [];
        var alerts = [];
        sorted.forEach(function (r) {
          var y = names.indexOf(r.severity == null ? DASH : String(r.severity));
          xs.push(r.time);
          plain.push(r.alert ? null : y);
          alerts.push(r.alert ? y : null);
        });
        var point = function (label, color) {
          return { label: label, stroke: color, fill: color, width: 0, paths: function () { return null; },
            points: { show: true, size: 7, stroke: color, fill: color },
            value: function (u, v) { return v == null ? '--' : names[v]; } };
        };
        var opts = lineOptions([point('event', EVENT), point('alert', ALERT)], false);
        opts.scales.y = { range: function () { return [-0.5, names.length - 0.5]; } };
        opts.axes[1] = indexAxis(names);
        opts.axes[1].size = 80;
        opts.axes[1].space = 12;
        opts.height = Math.max(140, 60 + 28 * names.length);
        return [opts, [xs, plain, alerts]];
      }, true);
    }
    var shown = rows.map(obj);
    dataTable(box, 'events', 'events',
        ['time', 'type', 'severity', 'alert', 'title', 'message', 'mlapp', 'run_id'],
        shown.map(function (r) {
          return [fmtTime(r.time), text(r.type), text(r.severity), r.alert ? 'alert' : '', text(r.title),
            text(r.message), text(r.mlapp), text(r.run_id)];
        }), function (i) { return shown[i].alert ? 'alert' : null; });
  }

  function buildModels(box, models) {
    var versions = arr(models.versions).map(obj);
    var history = arr(models.history).map(obj);
    box.appendChild(el('h3', null, ['Versions', el('span', { className: 'count' }, String(versions.length))]));
    shownOf(box, versions.length, totals.versions, 'versions', 'the newest of each model first');
    if (versions.length) {
      dataTable(box, 'models', 'versions', ['name', 'version', 'stage', 'aliases', 'tags', 'metrics',
        'created', 'run_id', 'description'], versions.map(function (v) {
        return [text(v.name), isNum(v.version) ? v.version : text(v.version), text(v.stage),
          itemList(v.aliases), kvList(v.tags), kvList(v.metrics), fmtTime(v.created), text(v.run_id),
          text(v.description)];
      }));
    } else {
      box.appendChild(el('p', { className: 'empty' }, 'Nothing here: no model versions.'));
    }
    box.appendChild(el('h3', null, ['History', el('span', { className: 'count' }, String(history.length))]));
    if (history.length) {
      dataTable(box, 'models', 'history', ['time', 'name', 'version', 'action', 'from', 'to', 'key', 'text',
        'value', 'reason'], history.map(function (h) {
        return [fmtTime(h.time), text(h.name), isNum(h.version) ? h.version : text(h.version), text(h.action),
          text(h.from), text(h.to), text(h.key), text(h.text), isNum(h.value) ? h.value : text(h.value),
          text(h.reason)];
      }));
    } else {
      box.appendChild(el('p', { className: 'empty' }, 'Nothing here: no model history.'));
    }
  }

  function buildRuns(box, runs) {
    var rows = arr(runs.rows).map(obj);
    if (isNum(runs.count) && rows.length < runs.count) {
      box.appendChild(el('p', { className: 'note' }, 'showing ' + fmtNum(rows.length) + ' of '
          + fmtNum(runs.count) + ' runs'));
    }
    dataTable(box, 'runs', 'runs', ['run_id', 'name', 'parent', 'mlapp', 'start', 'end', 'params',
      'metrics', 'models', 'inputs', 'outputs', 'stats'], rows.map(function (r) {
      return [text(r.run_id), text(r.name), text(r.parent), text(r.mlapp), fmtTime(r.start),
        fmtTime(r.end), kvList(r.params), kvList(r.metrics), itemList(r.models),
        itemList(r.inputs), itemList(r.outputs), isNum(r.stats) ? r.stats : text(r.stats)];
    }));
  }

  // ---------------------------------------------------------------- filter, summary, start

  function applyFilter(query) {
    var q = query.trim().toLowerCase();
    Object.keys(FILTERED).forEach(function (id) {
      var box = document.getElementById(id);
      if (!box) {
        return;
      }
      var cards = box.querySelectorAll('.grid > .card');
      var shown = 0;
      cards.forEach(function (c) {
        var match = !q || c.getAttribute('data-name').indexOf(q) >= 0;
        c.classList.toggle('hidden', !match);
        if (match) {
          shown++;
        }
      });
      var count = box.querySelector('h2 .count');
      if (count && cards.length) {
        count.textContent = q ? shown + ' of ' + cards.length + ' match' : String(cards.length);
      }
    });
  }

  function summary() {
    return {
      ready: api.ready,
      charts: charts.map(function (c) {
        var data = c.plot ? c.plot.data : c.spec()[1];
        return { section: c.section, name: c.name, rendered: !!c.plot, series: data.length - 1,
          points: data.slice(1).map(nonNull) };
      }),
      heatmap: { cells: heatmap.cells, drifted: heatmap.drifted },
      tables: tables.map(function (t) { return { section: t.section, name: t.name, rows: t.rows }; }),
      empty: empty.slice()
    };
  }

  function start() {
    var root = document.getElementById('mlops-report');
    var data;
    try {
      data = JSON.parse(document.getElementById('mlops-data').textContent);
    } catch (e) {
      console.error('mlops report: the data does not parse', e);
      root.appendChild(el('p', { className: 'error' }, 'The report data does not parse: ' + e.message));
      return;
    }
    data = obj(data);
    if ('IntersectionObserver' in window) {
      observer = new IntersectionObserver(function (entries) {
        entries.forEach(function (entry) {
          if (entry.isIntersecting) {
            var found = charts.find(function (c) { return c.holder === entry.target; });
            if (found) {
              render(found);
            }
          }
        });
      }, { rootMargin: '300px 0px' });
    }
    eventTimes = arr(obj(data.events).rows).filter(function (r) { return isNum(obj(r).time); })
        .map(function (r) { return { time: r.time, alert: !!r.alert }; })
        .sort(function (a, b) { return a.time - b.time; });

    var nav = el('nav', { className: 'top' }, el('a', { href: '#header' }, 'Header'));
    root.appendChild(nav);
    buildHeader(root, data.header);
    totals = obj(obj(data.header).totals);

    var drift = obj(data.drift);
    var events = obj(data.events);
    var models = obj(data.models);
    var runs = obj(data.runs);
    var content = {
      series: [arr(data.series).length, buildSeries, arr(data.series)],
      graphs: [arr(data.graphs).length, buildGraphs, arr(data.graphs)],
      histograms: [arr(data.histograms).length, buildHistograms, arr(data.histograms)],
      drift: [arr(drift.cells).length, buildDrift, drift,
        counted(arr(drift.columns).length, 'column') + ' ' + TIMES + ' '
          + counted(arr(drift.comparisons).length, 'comparison')],
      vectors: [arr(data.vectors).length, buildVectors, arr(data.vectors)],
      tables: [arr(data.tables).length, buildTables, arr(data.tables)],
      strings: [arr(data.strings).length, buildStrings, arr(data.strings)],
      opaque: [arr(data.opaque).length, buildOpaque, arr(data.opaque)],
      events: [Math.max(arr(events.rows).length, isNum(events.count) ? events.count : 0), buildEvents, events],
      models: [arr(models.versions).length + arr(models.history).length, buildModels, models,
        counted(arr(models.versions).length, 'version') + ', '
          + counted(arr(models.history).length, 'history entry', 'history entries')],
      runs: [Math.max(arr(runs.rows).length, isNum(runs.count) ? runs.count : 0), buildRuns, runs]
    };
    SECTIONS.forEach(function (s) {
      var c = content[s[0]];
      section(root, nav, s[0], s[1], c[0], c[3] || String(c[0]), s[2], function (box) { c[1](box, c[2]); });
    });

    var filter = el('input', { type: 'search', placeholder: 'Filter charts by name',
      'aria-label': 'Filter charts by name' });
    filter.addEventListener('input', function () { applyFilter(filter.value); });
    nav.appendChild(el('span', { className: 'filter' }, filter));

    var resizing = null;
    window.addEventListener('resize', function () {
      clearTimeout(resizing);
      resizing = setTimeout(function () {
        charts.forEach(function (c) {
          if (c.plot && c.holder.clientWidth) {
            c.plot.setSize({ width: c.holder.clientWidth, height: c.plot.height });
          }
        });
      }, 150);
    });
    if (!observer) {
      renderAll();
    }
    api.readyAt = performance.now();
    api.ready = true;
  }

  try {
    start();
  } catch (e) {
    console.error('mlops report: the page could not be drawn', e);
    api.ready = true;
    api.failed = String(e && e.message);
  }
}());
