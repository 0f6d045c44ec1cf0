// The operator dashboard: sign-in, cards, the live session table, a session's detail, alerts and analytics.
// Every value that comes from the API (and so from a NAS) is written with textContent (dom.js), never as markup.
import * as api from './api.js';
import { el, byId, clear, setText, show } from './dom.js';
import { bytes, time, count, kbps } from './format.js';
import { bandwidthChart, quantileScale } from './charts.js';

const REFRESH_MS = 5000;
const SLOW_REFRESH_MS = 60000;
const WEEKDAYS = ['MONDAY', 'TUESDAY', 'WEDNESDAY', 'THURSDAY', 'FRIDAY', 'SATURDAY', 'SUNDAY'];

const state = {
  me: null,
  filters: { status: 'all', search: '', nasId: '', startDate: '', endDate: '', pageSize: '25' },
  page: 1,
  total: 0,
  selected: null,
  timer: null,
  slowTimer: null,
  loading: false,
};

function can(permission) {
  const me = state.me;
  return !!me && (me.all || (me.permissions || []).includes(permission));
}

function fail(error) {
  if (error instanceof api.ApiError && error.status === 401) {
    signOut('Your token is no longer valid: sign in again.');
    return;
  }
  setText('app-error', error.message || String(error));
}

function clearFailure() {
  byId('app-error').textContent = '';
}

// ---- sign-in ----------------------------------------------------------------------------------------------------

async function signIn(value) {
  api.keepToken(value);
  try {
    state.me = await api.get('/api/me');
  } catch (e) {
    api.forgetToken();
    state.me = null;
    byId('sign-in-error').textContent = e.status === 401
        ? 'This token is not valid.' : e.message;
    return false;
  }
  byId('sign-in-error').textContent = '';
  byId('token').value = '';
  startApp();
  return true;
}

function signOut(message) {
  api.forgetToken();
  state.me = null;
  stopTimers();
  show(byId('app'), false);
  show(byId('who'), false);
  show(byId('sign-in'), true);
  byId('sign-in-error').textContent = message || '';
  byId('token').focus();
}

function startApp() {
  show(byId('sign-in'), false);
  show(byId('app'), true);
  show(byId('who'), true);
  setText('who-text', `${state.me.name || 'token'} · tenant ${state.me.tenant}`);
  // what the token may not do is not shown at all
  for (const node of document.querySelectorAll('[data-needs]')) {
    if (!can(node.dataset.needs)) {
      node.hidden = true;
    } else if (node.id !== 'card-silent') {
      node.hidden = false;
    }
  }
  readHash();
  loadNasOptions();
  refresh();
  refreshSlow();
  startTimers();
}

// ---- refresh ----------------------------------------------------------------------------------------------------

function startTimers() {
  stopTimers();
  if (byId('auto-refresh').checked) {
    state.timer = setInterval(refresh, REFRESH_MS);
  }
  state.slowTimer = setInterval(refreshSlow, SLOW_REFRESH_MS);
}

function stopTimers() {
  clearInterval(state.timer);
  clearInterval(state.slowTimer);
  state.timer = null;
  state.slowTimer = null;
}

async function refresh() {
  if (!state.me || state.loading) {
    return;
  }
  state.loading = true;
  try {
    const jobs = [];
    if (can('dashboard:active_sessions')) {
      jobs.push(loadStats(), loadSessions());
      if (state.selected) {
        jobs.push(loadDetail(state.selected, false));
      }
    }
    if (can('alerts:manage')) {
      jobs.push(loadAlerts());
    }
    await Promise.all(jobs);
    clearFailure();
    setText('refreshed', 'Updated ' + new Date().toLocaleTimeString());
  } catch (e) {
    fail(e);
  } finally {
    state.loading = false;
  }
}

async function refreshSlow() {
  if (!state.me || !can('dashboard:active_sessions')) {
    return;
  }
  try {
    await Promise.all([loadHealth(), loadHeatmap(), loadTopUsers()]);
  } catch (e) {
    fail(e);
  }
}

// ---- cards ------------------------------------------------------------------------------------------------------

async function loadStats() {
  const stats = await api.get('/api/sessions/stats');
  setText('active-total', count(stats.total));
  setText('active-pppoe', count(stats.pppoe));
  setText('active-hotspot', count(stats.hotspot));
  setText('active-other', count(Math.max(0, stats.total - stats.pppoe - stats.hotspot)));
  setText('started-today', count(stats.sessions.today));
  setText('started-week', count(stats.sessions.thisWeek));
  setText('started-month', count(stats.sessions.thisMonth));
  if (!can('nas:manage')) {
    fillNasOptions((stats.byNas || []).map((n) => ({ id: n.nasId, name: n.nasName || n.nasId })));
  }
}

async function loadNasOptions() {
  if (!can('nas:manage')) {
    return;
  }
  try {
    const list = await api.get('/api/nas');
    fillNasOptions((list.nas || []).map((n) => ({ id: n.id, name: n.name })));
  } catch (e) {
    fail(e);
  }
}

function fillNasOptions(items) {
  const select = byId('f-nas');
  const known = new Set([...select.options].map((o) => o.value));
  for (const item of items) {
    if (!known.has(item.id)) {
      select.appendChild(el('option', { value: item.id }, item.name));
      known.add(item.id);
    }
  }
  select.value = state.filters.nasId || '';
}

// ---- the session table ------------------------------------------------------------------------------------------

function listParams() {
  const f = state.filters;
  return {
    status: f.status, search: f.search.trim(), nasId: f.nasId, startDate: f.startDate, endDate: f.endDate,
  };
}

async function loadSessions() {
  const result = await api.get('/api/sessions' + api.query({
    ...listParams(), page: state.page, pageSize: state.filters.pageSize,
  }));
  state.total = result.total;
  const pages = Math.max(1, Math.ceil(result.total / result.pageSize));
  if (state.page > pages && result.total > 0) {
    state.page = pages;
    return loadSessions();
  }
  renderRows(result.sessions);
  show(byId('sessions-empty'), result.sessions.length === 0);
  setText('page-info', `Page ${result.page} of ${pages} · ${count(result.total)} sessions`);
  byId('prev').disabled = result.page <= 1;
  byId('next').disabled = result.page >= pages;
  writeHash();
}

function statusOf(session) {
  return session.stopTime ? 'completed' : 'active';
}

/**
 * The rows of this page, updated in place: a row already shown keeps its element (and so the keyboard focus and the
 * scroll position stay where the operator left them), only its cells change.
 */
function renderRows(sessions) {
  const body = byId('sessions-body');
  const existing = new Map([...body.rows].map((row) => [row.dataset.id, row]));
  const rows = sessions.map((s) => {
    const row = existing.get(s.id) || newRow(s.id);
    const cells = [
      null,
      statusOf(s),
      s.nas ? (s.nas.name || s.nas.id) : '–',
      s.framedIp || '–',
      s.macAddress || '–',
      time(s.startTime),
      s.duration || '–',
      bytes(s.bytesIn),
      bytes(s.bytesOut),
    ];
    row.querySelector('button.user').textContent = s.username || '(no name)';
    cells.forEach((value, i) => {
      if (value !== null && row.cells[i].textContent !== value) {
        row.cells[i].textContent = value;
      }
    });
    row.cells[1].className = 'status ' + statusOf(s);
    row.classList.toggle('selected', s.id === state.selected);
    return row;
  });
  rows.forEach((row, i) => {
    if (body.rows[i] !== row) {
      body.insertBefore(row, body.rows[i] || null);
    }
  });
  while (body.rows.length > rows.length) {
    body.deleteRow(rows.length);
  }
}

function newRow(id) {
  const open = el('button', { type: 'button', class: 'user link', onclick: () => select(id) });
  return el('tr', { 'data-id': id },
      el('td', {}, open), el('td'), el('td'), el('td', { class: 'wide' }), el('td', { class: 'wide' }),
      el('td'), el('td'), el('td', { class: 'num' }), el('td', { class: 'num wide' }));
}

function readForm() {
  const form = byId('filters');
  for (const name of Object.keys(state.filters)) {
    state.filters[name] = form.elements[name].value;
  }
}

function writeForm() {
  const form = byId('filters');
  for (const [name, value] of Object.entries(state.filters)) {
    if (form.elements[name]) {
      form.elements[name].value = value;
    }
  }
}

/** Filters and page live in the address's fragment (never the token), so that a reload keeps the operator's place. */
function writeHash() {
  const params = new URLSearchParams({ ...listParams(), pageSize: state.filters.pageSize, page: state.page });
  for (const [k, v] of [...params.entries()]) {
    if (!v) {
      params.delete(k);
    }
  }
  history.replaceState(null, '', '#' + params.toString());
}

function readHash() {
  const params = new URLSearchParams(location.hash.substring(1));
  for (const name of Object.keys(state.filters)) {
    if (params.has(name)) {
      state.filters[name] = params.get(name);
    }
  }
  const page = parseInt(params.get('page') || '1', 10);
  state.page = Number.isFinite(page) && page > 0 ? page : 1;
  writeForm();
}

// ---- detail -----------------------------------------------------------------------------------------------------

async function select(id) {
  state.selected = id;
  byId('nas-answer').textContent = '';
  byId('nas-answer').className = '';
  show(byId('disconnect-confirm'), false);
  for (const row of byId('sessions-body').rows) {
    row.classList.toggle('selected', row.dataset.id === id);
  }
  show(byId('detail'), true);
  try {
    await loadDetail(id, true);
    byId('detail-heading').focus();
  } catch (e) {
    fail(e);
  }
}

async function loadDetail(id, withChart) {
  const [detail, timeline] = await Promise.all([
    api.get('/api/sessions/' + encodeURIComponent(id)),
    api.get('/api/sessions/' + encodeURIComponent(id) + '/timeline?collapse=true&limit=200'),
  ]);
  if (state.selected !== id) {
    return;
  }
  renderDetail(detail);
  renderTimeline(timeline.events);
  // the chart is redrawn on open and with each refresh of an open session (new interims add points)
  const bandwidth = await api.get('/api/sessions/' + encodeURIComponent(id) + '/bandwidth');
  if (state.selected === id) {
    const drawn = bandwidthChart(byId('chart'), bandwidth.data || []);
    show(byId('chart-empty'), drawn === 0);
  }
  return withChart;
}

function renderDetail(d) {
  const fields = byId('detail-fields');
  clear(fields);
  const rows = [
    ['User', d.username],
    ['Status', statusOf(d)],
    ['Acct-Session-Id', d.sessionId],
    ['Session id', d.id],
    ['Customer', d.customer ? [d.customer.name, d.customer.phone, d.customer.email].filter(Boolean).join(' · ') : null],
    ['Package', d.customer && d.customer.package
        ? `${d.customer.package.name || ''} ${d.customer.package.downloadSpeed}/${d.customer.package.uploadSpeed} Mbps`
        : null],
    ['NAS', d.nas ? [d.nas.name, d.nas.ipAddress].filter(Boolean).join(' · ') || d.nas.id : null],
    ['Framed IP', d.framedIp],
    ['MAC', d.macAddress],
    ['Type', d.connectionType],
    ['Started', time(d.startTime)],
    ['Stopped', d.stopTime ? time(d.stopTime) : null],
    ['Duration', d.duration],
    ['Downloaded', bytes(d.bytesIn)],
    ['Uploaded', bytes(d.bytesOut)],
    ['Terminate cause', d.terminateCause],
    ['Last update', time(d.lastUpdate)],
  ];
  for (const [label, value] of rows) {
    fields.appendChild(el('div', {}, el('dt', {}, label), el('dd', { 'data-field': label }, value ?? '–')));
  }
  byId('detail-heading').textContent = 'Session of ' + (d.username || '(no name)');
  byId('disconnect').disabled = !!d.stopTime;
  byId('disconnect-question').textContent =
      `Send a Disconnect-Request for ${d.username || 'this session'} to ${d.nas && d.nas.name ? d.nas.name : 'its NAS'}?`;
  byId('rate-form').querySelector('button').disabled = !!d.stopTime;
}

function renderTimeline(events) {
  const list = byId('timeline');
  clear(list);
  for (const e of events) {
    const details = [];
    if (e.framedIp) details.push('IP ' + e.framedIp);
    if (e.oldIp || e.newIp) details.push(`IP ${e.oldIp || '–'} → ${e.newIp || '–'}`);
    if (e.downloadKbps !== undefined) details.push(`↓ ${kbps(e.downloadKbps)} ↑ ${kbps(e.uploadKbps)}`);
    if (e.count) details.push(e.count + ' updates');
    if (e.rateLimit) details.push('rate limit ' + e.rateLimit);
    if (e.result) details.push('NAS answer ' + e.result.toUpperCase());
    if (e.requestedBy) details.push('by ' + (e.requestedBy.name || e.requestedBy.id));
    if (e.cause) details.push(e.cause);
    list.appendChild(el('li', {},
        el('time', { datetime: e.time }, time(e.time)), ' ', el('strong', {}, e.event),
        details.length ? el('span', { class: 'muted' }, ' · ' + details.join(' · ')) : null));
  }
}

function describeAnswer(answer) {
  if (!answer) {
    return '';
  }
  let text = 'NAS answered ' + answer.result.toUpperCase();
  if (answer.errorCause) text += ` (Error-Cause ${answer.errorCause})`;
  text += ` after ${answer.attempts} attempt${answer.attempts === 1 ? '' : 's'}, ${answer.rttMs} ms`;
  return text;
}

function showAnswer(ok, text) {
  const box = byId('nas-answer');
  box.className = ok ? 'ok' : 'error';
  box.textContent = text;
}

async function disconnect() {
  const id = state.selected;
  show(byId('disconnect-confirm'), false);
  byId('disconnect').disabled = true;
  try {
    const result = await api.del('/api/sessions/' + encodeURIComponent(id));
    showAnswer(true, result.disconnect ? describeAnswer(result.disconnect) + '; the session is closed.'
        : 'The session was already closed.');
  } catch (e) {
    const body = e.body || {};
    showAnswer(false, [describeAnswer(body.disconnect), e.message].filter(Boolean).join(': '));
  }
  await refresh();
  byId('disconnect').focus();
}

async function changeRateLimit(value) {
  const id = state.selected;
  try {
    const result = await api.post('/api/sessions/' + encodeURIComponent(id) + '/rate-limit', { rateLimit: value });
    showAnswer(true, describeAnswer(result.coa) + '; rate limit ' + value + ' applied.');
  } catch (e) {
    const body = e.body || {};
    showAnswer(false, [describeAnswer(body.coa), e.message].filter(Boolean).join(': '));
  }
  if (state.selected === id) {
    await loadDetail(id, false).catch(fail);
  }
}

// ---- export -----------------------------------------------------------------------------------------------------

/**
 * A download without the token in its address and without holding the file in the page: a one-time ticket is asked
 * for with the token, and the browser fetches the ticket's address itself, streaming the file to disk.
 */
async function exportAs(format) {
  const message = byId('export-message');
  const params = { ...listParams(), format };
  if (format === 'pdf' && (!params.startDate || !params.endDate)) {
    message.textContent = 'A PDF report needs both days of its period: choose "From day" and "To day".';
    return;
  }
  try {
    const ticket = await api.post('/api/sessions/export/ticket' + api.query(params));
    const link = el('a', { href: ticket.href, download: '', hidden: true });
    document.body.appendChild(link);
    link.click();
    link.remove();
    message.textContent = `The ${format.toUpperCase()} export is downloading.`;
  } catch (e) {
    message.textContent = e.message;
  }
}

// ---- alerts -----------------------------------------------------------------------------------------------------

async function loadAlerts() {
  const result = await api.get('/api/alerts?status=open&pageSize=20');
  setText('alerts-open', count(result.total));
  const list = byId('alerts');
  clear(list);
  for (const a of result.alerts) {
    const subject = a.subject || {};
    const who = subject.username || subject.key || subject.nasId || '';
    const ack = a.acknowledged
        ? el('span', { class: 'muted' }, 'acknowledged ' + time(a.acknowledged.at))
        : el('button', { type: 'button', class: 'secondary', onclick: () => acknowledge(a.id) }, 'Acknowledge');
    list.appendChild(el('li', { class: 'alert ' + (a.severity || '') },
        el('strong', {}, a.ruleName || a.type), ' ', el('span', {}, who),
        el('span', { class: 'muted' }, ` · ${a.type} · value ${a.value} over ${a.threshold} · since ${time(a.firedAt)}`),
        ' ', ack));
  }
  show(byId('alerts-empty'), result.alerts.length === 0);
}

async function acknowledge(id) {
  try {
    await api.post('/api/alerts/' + encodeURIComponent(id) + '/acknowledge');
    await loadAlerts();
  } catch (e) {
    fail(e);
  }
}

// ---- analytics (issue 16's endpoints: a card whose endpoint answers 404 stays hidden) ---------------------------

async function loadHealth() {
  const health = await api.optional('/api/nas/health');
  show(byId('health-panel'), !!health);
  show(byId('card-silent'), !!health);
  if (!health) {
    return;
  }
  const list = health.nas || [];
  setText('silent-nas', count(list.filter((n) => n.silent).length));
  const body = byId('nas-health').tBodies[0];
  clear(body);
  for (const n of list) {
    body.appendChild(el('tr', {},
        el('td', {}, n.name), el('td', {}, n.ipAddress), el('td', {}, time(n.lastPacketAt)),
        el('td', { class: 'num' }, count(n.activeSessions)), el('td', { class: 'num' }, count(n.packetsLastHour)),
        el('td', {}, sparkline(n.packetsPerMinute || [])),
        el('td', { class: n.silent ? 'status silent' : 'status ok' }, n.silent ? 'silent' : 'ok')));
  }
}

function sparkline(perMinute) {
  const values = perMinute.map((p) => p.packets);
  const max = Math.max(1, ...values);
  const w = 120;
  const h = 24;
  const step = values.length > 1 ? w / (values.length - 1) : 0;
  const points = values.map((v, i) => `${(i * step).toFixed(1)},${(h - v / max * (h - 2) - 1).toFixed(1)}`).join(' ');
  const ns = 'http://www.w3.org/2000/svg';
  const s = document.createElementNS(ns, 'svg');
  s.setAttribute('viewBox', `0 0 ${w} ${h}`);
  s.setAttribute('class', 'spark');
  s.setAttribute('role', 'img');
  s.setAttribute('aria-label', `packets per minute, last hour, at most ${max}`);
  const line = document.createElementNS(ns, 'polyline');
  line.setAttribute('points', points);
  s.appendChild(line);
  return s;
}

async function loadHeatmap() {
  const peak = await api.optional('/api/sessions/analytics/peak-times?days=30');
  show(byId('heatmap-panel'), !!peak);
  if (!peak) {
    return;
  }
  const rows = WEEKDAYS.map((day) => (peak.matrix || []).find((m) => m.weekday === day) || { weekday: day, hours: [] });
  const scale = quantileScale(rows.flatMap((r) => r.hours));
  const table = byId('heatmap');
  clear(table);
  table.appendChild(el('caption', { class: 'visually-hidden' }, 'Average concurrent sessions by weekday and hour'));
  const head = el('tr', {}, el('th', { scope: 'col' }, 'Day'));
  for (let h = 0; h < 24; h++) {
    head.appendChild(el('th', { scope: 'col' }, String(h).padStart(2, '0')));
  }
  table.appendChild(el('thead', {}, head));
  const body = el('tbody');
  for (const r of rows) {
    const tr = el('tr', {}, el('th', { scope: 'row' }, r.weekday.substring(0, 3)));
    for (let h = 0; h < 24; h++) {
      const v = r.hours[h];
      const known = Number.isFinite(v);
      tr.appendChild(el('td', { class: 'cell ' + (known ? scale.classOf(v) : 'none'),
        title: known ? `${r.weekday} ${h}:00 – ${v.toFixed(1)} sessions` : 'no data' },
      el('span', { class: 'visually-hidden' }, known ? v.toFixed(1) : '–')));
    }
    body.appendChild(tr);
  }
  table.appendChild(body);
  const legend = byId('heatmap-legend');
  clear(legend);
  const edges = [null, ...scale.thresholds, null];
  for (let k = 0; k < 5; k++) {
    const from = edges[k] === null ? 'lowest' : edges[k].toFixed(1);
    const to = edges[k + 1] === null ? 'highest' : edges[k + 1].toFixed(1);
    legend.appendChild(el('li', {}, el('span', { class: 'cell q' + k }), ` ${from} – ${to}`));
  }
  const p = peak.peak || {};
  byId('heatmap-note').textContent = `Last ${peak.days} days, ${peak.timeZone}. Busiest hour ` +
      `${p.hour ?? '–'}:00 (${p.avgSessions ?? '–'} sessions on average); busiest day ${p.weekday ?? '–'}. ` +
      'Colours split the hours into fifths by their average (quantiles), not by the maximum.';
}

async function loadTopUsers() {
  const period = byId('top-period').value;
  const top = await api.optional('/api/sessions/analytics/top-users' + api.query({ period, limit: 10 }));
  show(byId('top-panel'), !!top);
  if (!top) {
    return;
  }
  const body = byId('top-users').tBodies[0];
  clear(body);
  for (const u of top.users || []) {
    body.appendChild(el('tr', {}, el('td', {}, u.username), el('td', { class: 'num' }, bytes(u.totalBytes)),
        el('td', { class: 'num' }, bytes(u.downloadBytes)), el('td', { class: 'num' }, bytes(u.uploadBytes)),
        el('td', { class: 'num' }, count(u.sessions))));
  }
}

// ---- wiring -----------------------------------------------------------------------------------------------------

function wire() {
  byId('sign-in-form').addEventListener('submit', (event) => {
    event.preventDefault();
    const value = byId('token').value.trim();
    if (value) {
      signIn(value);
    }
  });
  byId('sign-out').addEventListener('click', () => signOut(''));
  byId('filters').addEventListener('submit', (event) => {
    event.preventDefault();
    readForm();
    state.page = 1;
    refresh();
  });
  byId('prev').addEventListener('click', () => {
    state.page = Math.max(1, state.page - 1);
    refresh();
  });
  byId('next').addEventListener('click', () => {
    state.page += 1;
    refresh();
  });
  byId('auto-refresh').addEventListener('change', startTimers);
  byId('detail-close').addEventListener('click', () => {
    state.selected = null;
    show(byId('detail'), false);
    for (const row of byId('sessions-body').rows) {
      row.classList.remove('selected');
    }
    byId('sessions-heading').focus();
  });
  byId('disconnect').addEventListener('click', () => {
    show(byId('disconnect-confirm'), true);
    byId('disconnect-no').focus();
  });
  byId('disconnect-no').addEventListener('click', () => {
    show(byId('disconnect-confirm'), false);
    byId('disconnect').focus();
  });
  byId('disconnect-yes').addEventListener('click', disconnect);
  byId('rate-form').addEventListener('submit', (event) => {
    event.preventDefault();
    const value = byId('rate-limit').value.trim();
    if (value) {
      changeRateLimit(value);
    }
  });
  byId('export-csv').addEventListener('click', () => exportAs('csv'));
  byId('export-pdf').addEventListener('click', () => exportAs('pdf'));
  byId('top-period').addEventListener('change', () => loadTopUsers().catch(fail));
}

wire();
const kept = api.token();
if (kept) {
  signIn(kept);
} else {
  byId('token').focus();
}
