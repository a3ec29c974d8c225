// The Durable Entities dashboard: a small single-page app over the scheduler's /api.
// Views are mounted once per route (forms keep what the user typed) and refreshed every
// 2 seconds while "Live" is on.
'use strict';

const STATUSES = ['RUNNING', 'PENDING', 'SUSPENDED', 'COMPLETED', 'FAILED', 'TERMINATED',
  'CONTINUED_AS_NEW', 'CANCELED'];
const REFRESH_MS = 2000;

const state = { token: null, hub: localStorage.getItem('dashboard.hub') || 'default', view: null };

// ---------------------------------------------------------------------------------------------
// DOM helpers (text only: data never becomes markup)
// ---------------------------------------------------------------------------------------------

function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
    else if (k === 'class') el.className = v;
    else el.setAttribute(k, v === true ? '' : v);
  }
  for (const c of children.flat(Infinity)) {
    if (c === null || c === undefined || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return el;
}

function replace(el, ...children) {
  el.replaceChildren(...children.flat(Infinity).filter(c => c !== null && c !== undefined && c !== false));
}

function badge(status) {
  return h('span', { class: 'badge ' + (status || ''), 'data-status': status || '' },
    (status || 'UNKNOWN').replace(/_/g, ' '));
}

function time(iso) {
  if (!iso) return h('span', { class: 'muted' }, '—');
  return h('time', { datetime: iso, title: iso }, new Date(iso).toLocaleString());
}

/** Whether `data` differs from what `memo` saw last (unchanged data is not re-rendered). */
function changed(memo, data) {
  const s = JSON.stringify(data);
  if (memo.last === s) return false;
  memo.last = s;
  return true;
}

function pretty(text) {
  if (text === null || text === undefined) return null;
  try { return JSON.stringify(JSON.parse(text), null, 2); } catch (e) { return String(text); }
}

function jsonBlock(text, id) {
  const p = pretty(text);
  return p === null ? h('div', { class: 'none', id }, 'none') : h('pre', { class: 'json', id }, p);
}

function instanceLink(id) {
  return h('a', { href: '#/orchestrations/' + encodeURIComponent(id), class: 'instance-link' }, id);
}

function entityLink(id) {
  return h('a', { href: '#/entities/' + encodeURIComponent(id), class: 'entity-link' }, id);
}

function table(id, headers, rows, emptyText) {
  return h('div', { class: 'table-wrap' },
    h('table', { id },
      h('thead', {}, h('tr', {}, headers.map(t => h('th', {}, t)))),
      h('tbody', {}, rows.length ? rows
        : h('tr', {}, h('td', { class: 'empty', colspan: headers.length }, emptyText)))));
}

// ---------------------------------------------------------------------------------------------
// API
// ---------------------------------------------------------------------------------------------

async function get(path, params) {
  const q = new URLSearchParams({ hub: state.hub, ...(params || {}) });
  for (const [k, v] of [...q.entries()]) if (v === '' || v === 'undefined') q.delete(k);
  const r = await fetch('/api/' + path + '?' + q, { headers: { Accept: 'application/json' } });
  const body = await r.json();
  if (!r.ok) throw new Error(body.error || ('HTTP ' + r.status));
  return body;
}

async function act(action, body) {
  const r = await fetch('/api/actions/' + action, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'X-Dashboard-Token': state.token },
    body: JSON.stringify({ hub: state.hub, ...body }),
  });
  const answer = await r.json();
  if (!r.ok) throw new Error(answer.error || ('HTTP ' + r.status));
  return answer;
}

function confirmAction(title, text) {
  const dialog = document.getElementById('confirm');
  document.getElementById('confirm-title').textContent = title;
  document.getElementById('confirm-text').textContent = text;
  return new Promise(resolve => {
    dialog.addEventListener('close', () => resolve(dialog.returnValue === 'ok'), { once: true });
    dialog.returnValue = '';
    dialog.showModal();
  });
}

function toast(message, kind) {
  const t = h('div', { class: 'toast ' + kind, role: 'status' }, message);
  document.getElementById('toasts').append(t);
  setTimeout(() => t.remove(), 6000);
}

/** Confirms, runs an action, shows its result next to `resultEl` and as a toast, refreshes. */
async function runAction(title, text, action, body, resultEl) {
  if (!(await confirmAction(title, text))) return;
  try {
    const answer = await act(action, body);
    show(resultEl, answer.message, 'ok');
    toast(answer.message, 'ok');
  } catch (e) {
    show(resultEl, e.message, 'error');
    toast(e.message, 'error');
  }
  refresh();
}

function show(el, message, kind) {
  if (!el) return;
  el.className = 'result ' + kind;
  el.textContent = message;
  el.hidden = false;
}

/** Parses a JSON input field; empty means "no input". */
function parseInput(text) {
  if (text.trim() === '') return undefined;
  try { return JSON.parse(text); } catch (e) { throw new Error('The input is not valid JSON: ' + e.message); }
}

// ---------------------------------------------------------------------------------------------
// Views
// ---------------------------------------------------------------------------------------------

function orchestrationsView() {
  const filters = { status: '', name: '', prefix: '', createdFrom: '', createdTo: '' };
  const pages = [null];
  const memo = {};
  let next = null;
  const cards = h('div', { class: 'cards', id: 'status-cards' });
  const list = h('div', { id: 'instances' });
  const pager = h('div', { class: 'pager' });
  const statusSelect = h('select', { name: 'status', id: 'filter-status' },
    h('option', { value: '' }, 'any status'), STATUSES.map(s => h('option', { value: s }, s.replace(/_/g, ' '))));
  const form = h('form', { class: 'filters', id: 'instance-filters', onsubmit: e => {
    e.preventDefault();
    const data = new FormData(form);
    for (const k of Object.keys(filters)) filters[k] = data.get(k) || '';
    for (const k of ['createdFrom', 'createdTo']) {
      if (filters[k]) filters[k] = new Date(filters[k]).toISOString();
    }
    pages.length = 1;
    refresh();
  } },
  h('label', {}, 'Status', statusSelect),
  h('label', {}, 'Name', h('input', { name: 'name', id: 'filter-name', placeholder: 'e.g. Transfer' })),
  h('label', {}, 'Instance id prefix', h('input', { name: 'prefix', id: 'filter-prefix', placeholder: 'id starts with' })),
  h('label', {}, 'Created from', h('input', { name: 'createdFrom', type: 'datetime-local' })),
  h('label', {}, 'Created to', h('input', { name: 'createdTo', type: 'datetime-local' })),
  h('button', { class: 'btn primary', type: 'submit', id: 'apply-filters' }, 'Apply'),
  h('button', { class: 'btn', type: 'reset', onclick: () => setTimeout(() => form.requestSubmit(), 0) }, 'Reset'));

  return {
    tab: 'orchestrations',
    mount(root) {
      replace(root, h('h1', {}, 'Orchestrations'),
        h('p', { class: 'subtitle' }, 'Instances of task hub ', h('b', {}, state.hub), ', in instance-id order.'),
        cards, h('div', { class: 'panel' }, form), h('div', { class: 'panel' }, list, pager));
    },
    async refresh() {
      const page = await get('orchestrations', { ...filters, continuationToken: pages[pages.length - 1] || '' });
      if (!changed(memo, [page, pages.length, filters])) return;
      next = page.continuationToken;
      replace(cards, STATUSES.filter(s => page.counts[s]).map(s =>
        h('button', { class: 'card' + (filters.status === s ? ' selected' : ''), type: 'button',
          onclick: () => { statusSelect.value = filters.status === s ? '' : s; form.requestSubmit(); } },
        h('span', { class: 'n' }, page.counts[s]), badge(s))));
      replace(list, table('instances-table', ['Instance id', 'Name', 'Version', 'Status', 'Created', 'Last updated'],
        page.instances.map(o => h('tr', { 'data-id': o.instanceId },
          h('td', { class: 'id' }, instanceLink(o.instanceId)),
          h('td', {}, o.name),
          h('td', { class: 'version' }, o.version || '—'),
          h('td', {}, badge(o.orchestrationStatus)),
          h('td', {}, time(o.createdTimestamp)),
          h('td', {}, time(o.lastUpdatedTimestamp)))),
        'No orchestration matches.'));
      replace(pager,
        h('button', { class: 'btn', disabled: pages.length === 1, onclick: () => { pages.pop(); refresh(); } }, '← Previous'),
        h('span', { class: 'muted' }, 'Page ' + pages.length),
        h('button', { class: 'btn', id: 'next-page', disabled: !next, onclick: () => { pages.push(next); refresh(); } }, 'Next →'));
    },
  };
}

const EVENT_KIND = {
  ExecutionStarted: 'k-start', OrchestratorStarted: '', ExecutionCompleted: 'k-done',
  ExecutionTerminated: 'k-fail', TaskFailed: 'k-fail', SubOrchestrationInstanceFailed: 'k-fail',
  TaskCompleted: 'k-done', SubOrchestrationInstanceCompleted: 'k-done', TimerCreated: 'k-timer',
  TimerFired: 'k-timer',
};

function eventKind(type) {
  if (EVENT_KIND[type] !== undefined) return EVENT_KIND[type];
  return type.startsWith('Entity') ? 'k-entity' : '';
}

function eventSummary(e) {
  const d = e.details || {};
  const parts = [];
  for (const k of ['name', 'operation', 'targetInstanceId', 'requestId', 'criticalSectionId',
    'orchestrationStatus', 'fireAt', 'input', 'result', 'output']) {
    if (d[k] !== undefined && d[k] !== '') parts.push(k + '=' + String(d[k]).slice(0, 160));
  }
  if (d.lockSet) parts.push('lockSet=' + d.lockSet.join(', '));
  if (d.failureDetails) parts.push('error=' + d.failureDetails.errorMessage);
  return parts.join('  ');
}

function instanceView(id) {
  const header = h('div');
  const facts = h('div', { class: 'panel' });
  const memo = {};
  const body = h('div');
  const result = h('div', { id: 'action-result', hidden: true });
  const eventName = h('input', { id: 'event-name', placeholder: 'event name', required: true });
  const eventInput = h('textarea', { id: 'event-input', placeholder: '{"approved": true}  (JSON, optional)' });

  function button(label, cls, action, title, text, extra) {
    return h('button', { class: 'btn ' + cls, id: 'action-' + action, type: 'button',
      onclick: () => runAction(title, text, action, { instanceId: id, ...(extra ? extra() : {}) }, result) }, label);
  }

  const raiseForm = h('form', { class: 'form', id: 'raise-event-form', onsubmit: e => {
    e.preventDefault();
    let input;
    try { input = parseInput(eventInput.value); } catch (err) { show(result, err.message, 'error'); return; }
    const body = { name: eventName.value };
    if (input !== undefined) body.input = input;
    runAction('Raise event', 'Raise event "' + eventName.value + '" on ' + id + '?', 'raise-event',
      { instanceId: id, ...body }, result);
  } },
  h('div', { class: 'row' }, h('label', {}, 'Event name', eventName)),
  h('label', {}, 'Input (JSON)', eventInput),
  h('div', {}, h('button', { class: 'btn primary', type: 'submit', id: 'raise-event' }, 'Raise event')));

  return {
    tab: 'orchestrations',
    mount(root) {
      replace(root, header,
        h('div', { class: 'actions' },
          button('Suspend', '', 'suspend', 'Suspend', 'Suspend ' + id + '? New events wait until it is resumed.'),
          button('Resume', '', 'resume', 'Resume', 'Resume ' + id + '?'),
          button('Terminate', 'danger', 'terminate', 'Terminate', 'Terminate ' + id + '? It stops for good and releases its locks.',
            () => ({ reason: 'Terminated from the dashboard' })),
          button('Purge', 'warn', 'purge', 'Purge', 'Delete ' + id + ' and its history? Only finished instances can be purged.')),
        result,
        h('div', { class: 'grid2' }, facts, h('div', { class: 'panel' }, h('h2', {}, 'Raise an event'), raiseForm)),
        body);
    },
    async refresh() {
      let data;
      try {
        data = await get('orchestrations/' + encodeURIComponent(id));
      } catch (e) {
        replace(header, h('h1', {}, id));
        replace(facts, h('div', { class: 'error' }, e.message));
        replace(body);
        memo.last = null;
        return;
      }
      if (!changed(memo, data)) return;
      const o = data.instance;
      replace(header,
        h('h1', {}, h('span', { class: 'mono' }, o.instanceId), h('span', { id: 'instance-status' }, badge(o.orchestrationStatus))),
        h('p', { class: 'subtitle' }, h('a', { href: '#/orchestrations' }, '← Orchestrations'), ' · ', o.name),
        data.hosted || !['PENDING', 'RUNNING'].includes(o.orchestrationStatus) ? null
          : h('div', { class: 'panel warn', id: 'instance-unhosted' },
            o.version
              ? 'No worker hosts this version: no connected worker takes orchestrations named "' + o.name
                + '" in version "' + o.version + '" (their work-item filters name other versions), so this '
                + 'instance waits. Start a worker that runs this version, or check the name and version.'
              : 'No worker hosts this name: no connected worker takes orchestrations named "' + o.name + '", so '
                + 'this instance waits. Register the orchestration on a worker, or check the name.'));
      const start = data.history.length ? new Date(data.history[0].timestamp).getTime() : 0;
      replace(facts, h('h2', {}, 'Instance'),
            h('dl', { class: 'facts' },
              h('dt', {}, 'Name'), h('dd', {}, o.name),
              h('dt', {}, 'Status'), h('dd', {}, badge(o.orchestrationStatus)),
              h('dt', {}, 'Version'), h('dd', {}, o.version || '—'),
              h('dt', {}, 'Execution'), h('dd', { class: 'mono' }, o.executionId || '—'),
              h('dt', {}, 'Created'), h('dd', {}, time(o.createdTimestamp)),
              h('dt', {}, 'Last updated'), h('dd', {}, time(o.lastUpdatedTimestamp)),
              h('dt', {}, 'Completed'), h('dd', {}, time(o.completedTimestamp)),
              h('dt', {}, 'Parent'), h('dd', {}, o.parentInstanceId ? instanceLink(o.parentInstanceId) : '—'),
              h('dt', { title: 'The W3C trace context the execution was started with; paste the trace id into your tracing UI' }, 'Trace id'),
              h('dd', { class: 'mono', id: 'instance-trace-id' }, data.trace ? data.trace.traceId : '—'),
              h('dt', {}, 'Parent span id'),
              h('dd', { class: 'mono', id: 'instance-span-id' }, data.trace ? data.trace.spanId : '—')));
      replace(body,
        h('div', { class: 'grid2 spaced' },
          h('div', { class: 'panel' }, h('h2', {}, 'Input'), jsonBlock(o.input, 'instance-input')),
          h('div', { class: 'panel' }, h('h2', {}, 'Output'), jsonBlock(o.output, 'instance-output')),
          h('div', { class: 'panel' }, h('h2', {}, 'Custom status'), jsonBlock(o.customStatus, 'instance-custom-status'))),
        o.failureDetails ? h('div', { class: 'panel error spaced', id: 'failure-details' },
          h('h2', {}, 'Failure: ' + (o.failureDetails.errorType || 'error')),
          h('p', {}, o.failureDetails.errorMessage || ''),
          o.failureDetails.stackTrace ? h('pre', { class: 'json' }, o.failureDetails.stackTrace) : null) : null,
        h('div', { class: 'panel spaced' },
          h('h2', {}, 'History (' + data.history.length + ' events)'),
          data.history.length === 0 ? h('div', { class: 'none' }, 'No history yet.') :
            h('ol', { class: 'timeline', id: 'history' }, data.history.map(e =>
              h('li', { class: 'event ' + eventKind(e.type), 'data-type': e.type },
                h('div', { class: 'head' },
                  h('span', { class: 'type' }, e.type),
                  h('span', { class: 'when' }, '+' + ((new Date(e.timestamp).getTime() - start) / 1000).toFixed(3) + ' s'),
                  e.eventId >= 0 ? h('span', { class: 'muted' }, '#' + e.eventId) : null,
                  h('span', { class: 'when' }, new Date(e.timestamp).toLocaleTimeString())),
                h('div', { class: 'summary' }, eventSummary(e)),
                h('details', {}, h('summary', {}, 'details'), h('pre', { class: 'json' }, JSON.stringify(e.details, null, 2))))))));
    },
  };
}

function entitiesView() {
  const pages = [null];
  let next = null;
  let prefix = '';
  const memo = {};
  const list = h('div', { id: 'entities' });
  const drops = h('div');
  const pager = h('div', { class: 'pager' });
  const prefixInput = h('input', { name: 'prefix', id: 'entity-prefix', placeholder: 'e.g. account@acct-1' });
  const form = h('form', { class: 'filters', onsubmit: e => { e.preventDefault(); prefix = prefixInput.value; pages.length = 1; refresh(); } },
    h('label', {}, 'Entity id prefix (name@key)', prefixInput),
    h('button', { class: 'btn primary', type: 'submit', id: 'apply-entity-filter' }, 'Apply'));
  return {
    tab: 'entities',
    mount(root) {
      replace(root, h('h1', {}, 'Entities'),
        h('p', { class: 'subtitle' }, 'Entities of task hub ', h('b', {}, state.hub), ', with queued operations and locks.'),
        drops, h('div', { class: 'panel' }, form), h('div', { class: 'panel' }, list, pager));
    },
    async refresh() {
      const page = await get('entities', { prefix, continuationToken: pages[pages.length - 1] || '' });
      if (!changed(memo, [page, pages.length])) return;
      next = page.continuationToken;
      replace(drops, page.dropped && page.dropped.count ? h('div', { class: 'panel warn', id: 'dropped-operations' },
        h('h2', {}, 'Dropped operations (' + page.dropped.count + ' since the scheduler started)'),
        h('p', {}, 'These never ran: their delivery attempts were used up, or they were too large to deliver. '
          + 'Calls were failed to their callers; signals end here.'),
        table('dropped-table', ['Entity id', 'Operation', 'Kind', 'When', 'Reason'],
          page.dropped.latest.map(d => h('tr', {},
            h('td', { class: 'id' }, entityLink(d.entityId)),
            h('td', {}, d.operation),
            h('td', {}, d.call ? 'call' : 'signal'),
            h('td', {}, time(d.at)),
            h('td', {}, d.reason))), '')) : null);
      replace(list, table('entities-table', ['Entity id', 'Last modified', 'Backlog', 'Locked by'],
        page.entities.map(e => h('tr', { 'data-id': e.instanceId },
          h('td', { class: 'id' }, entityLink(e.instanceId)),
          h('td', {}, time(e.lastModifiedTime)),
          h('td', {}, String(e.backlogQueueSize || 0)),
          h('td', { class: 'id' }, e.lockedBy ? [h('span', { class: 'badge locked' }, 'locked'), ' ', instanceLink(e.lockedBy)] : '—'))),
        'No entity matches.'));
      replace(pager,
        h('button', { class: 'btn', disabled: pages.length === 1, onclick: () => { pages.pop(); refresh(); } }, '← Previous'),
        h('span', { class: 'muted' }, 'Page ' + pages.length),
        h('button', { class: 'btn', disabled: !next, onclick: () => { pages.push(next); refresh(); } }, 'Next →'));
    },
  };
}

function lockPanel(lock) {
  if (!lock) return h('div', { class: 'panel', id: 'entity-lock' }, h('h2', {}, 'Lock'), h('div', { class: 'none' }, 'Not locked.'));
  return h('div', { class: 'panel' + (lock.holderRunning ? '' : ' warn'), id: 'entity-lock' }, h('h2', {}, 'Lock'),
    lock.holderRunning ? null : h('p', { class: 'orphan-warning' },
      '⚠ The holder is no longer running: this lock is orphaned. Clean entity storage on the Locks page releases it.'),
    h('dl', { class: 'facts' },
      h('dt', {}, 'Held by'), h('dd', { id: 'entity-locked-by' }, instanceLink(lock.holder), ' ', badge(lock.holderStatus || 'UNKNOWN')),
      h('dt', {}, 'Critical section'), h('dd', { class: 'mono' }, lock.criticalSectionId || '—'),
      h('dt', {}, lock.grantedAt ? 'Held since' : 'Acquiring since'), h('dd', {}, time(lock.grantedAt || lock.requestedAt)),
      h('dt', {}, 'Lock set'), h('dd', {}, lock.lockSet.length ? lock.lockSet.flatMap((id, i) => [i ? ', ' : '', entityLink(id)]) : '—')));
}

function requestRows(requests, withEntity) {
  return requests.map(r => h('tr', {},
    withEntity ? h('td', { class: 'id' }, entityLink(r.entityId)) : null,
    h('td', {}, r.kind), h('td', {}, r.operation),
    h('td', { class: 'id' }, r.from ? instanceLink(r.from) : 'client or entity'),
    h('td', { class: 'id' }, r.blockedBy ? instanceLink(r.blockedBy) : '—'),
    h('td', {}, time(r.enqueuedAt))));
}

function entityView(id) {
  const header = h('div');
  const body = h('div');
  const result = h('div', { id: 'signal-result', hidden: true });
  const memo = {};
  const operation = h('input', { id: 'signal-operation', placeholder: 'operation, e.g. deposit', required: true });
  const input = h('textarea', { id: 'signal-input', placeholder: '100  (JSON, optional)' });
  const form = h('form', { class: 'form', id: 'signal-form', onsubmit: e => {
    e.preventDefault();
    let value;
    try { value = parseInput(input.value); } catch (err) { show(result, err.message, 'error'); return; }
    const b = { entityId: id, operation: operation.value };
    if (value !== undefined) b.input = value;
    runAction('Signal entity', 'Signal "' + operation.value + '" to ' + id + '?', 'signal', b, result);
  } },
  h('div', { class: 'row' }, h('label', {}, 'Operation', operation)),
  h('label', {}, 'Input (JSON)', input),
  h('div', {}, h('button', { class: 'btn primary', type: 'submit', id: 'send-signal' }, 'Send signal')), result);
  return {
    tab: 'entities',
    mount(root) {
      replace(root, header, body, h('div', { class: 'panel' }, h('h2', {}, 'Signal an operation'), form));
    },
    async refresh() {
      let data;
      try {
        data = await get('entities/' + encodeURIComponent(id));
      } catch (e) {
        replace(header, h('h1', {}, id));
        replace(body, h('div', { class: 'panel error' }, e.message));
        memo.last = null;
        return;
      }
      if (!changed(memo, data)) return;
      const e = data.entity;
      replace(header,
        h('h1', {}, h('span', { class: 'mono' }, e.instanceId), e.lockedBy ? h('span', { class: 'badge locked' }, 'locked') : null),
        h('p', { class: 'subtitle' }, h('a', { href: '#/entities' }, '← Entities')));
      const name = e.instanceId.substring(1, e.instanceId.indexOf('@', 1));
      replace(body,
        data.hosted ? null : h('div', { class: 'panel warn', id: 'entity-unhosted' },
          'No worker hosts this name: no connected worker takes entities named "' + name + '", so '
          + 'their queued operations wait. Register the entity on a worker, or check the name.'),
        h('div', { class: 'grid2' },
          h('div', { class: 'panel' }, h('h2', {}, 'Entity'),
            h('dl', { class: 'facts' },
              h('dt', {}, 'Last modified'), h('dd', {}, time(e.lastModifiedTime)),
              h('dt', {}, 'Backlog'), h('dd', { id: 'entity-backlog' }, String(e.backlogQueueSize || 0)),
              h('dt', {}, 'Locked by'), h('dd', {}, e.lockedBy ? instanceLink(e.lockedBy) : '—'))),
          lockPanel(data.lock)),
        h('div', { class: 'panel spaced' }, h('h2', {}, 'State'), jsonBlock(e.serializedState, 'entity-state')),
        h('div', { class: 'panel' }, h('h2', {}, 'Queue (' + data.queueSize + ')'),
          table('queue-table', ['Kind', 'Operation', 'From', 'Waits for', 'Queued'], requestRows(data.queue, false), 'Nothing queued.')));
    },
  };
}

function locksView() {
  const held = h('div');
  const waiting = h('div');
  const warning = h('div');
  const result = h('div', { id: 'clean-result', hidden: true });
  const memo = {};
  const clean = h('button', { class: 'btn warn', id: 'clean-storage', type: 'button',
    onclick: () => runAction('Clean entity storage',
      'Release every lock whose holder is no longer running, and remove empty entities?',
      'clean-entity-storage', { releaseOrphanedLocks: true, removeEmptyEntities: true }, result) },
  'Clean entity storage');
  return {
    tab: 'locks',
    mount(root) {
      replace(root, h('h1', {}, 'Locks'),
        h('p', { class: 'subtitle' }, 'Critical sections of task hub ', h('b', {}, state.hub), ': who holds which entity, and who waits.'),
        warning, h('div', { class: 'actions' }, clean), result,
        h('div', { class: 'panel' }, held), h('div', { class: 'panel' }, waiting));
    },
    async refresh() {
      const data = await get('locks');
      if (!changed(memo, data)) return;
      const orphans = data.held.filter(l => !l.holderRunning);
      replace(warning, orphans.length ? h('div', { class: 'panel warn', id: 'orphan-warning' },
        '⚠ ' + orphans.length + ' lock(s) are held by orchestrations that are no longer running. ' +
        '"Clean entity storage" releases them.') : null);
      replace(held, h('h2', {}, 'Held locks (' + data.held.length + ')'),
        table('held-locks', ['Entity', 'Holder', 'Critical section', 'Held since', 'Lock set'],
          data.held.map(l => h('tr', { class: l.holderRunning ? '' : 'orphan', 'data-entity': l.entityId },
            h('td', { class: 'id' }, entityLink(l.entityId)),
            h('td', { class: 'id' }, instanceLink(l.holder), ' ', badge(l.holderStatus || 'UNKNOWN'),
              l.holderRunning ? null : [' ', h('span', { class: 'badge orphan' }, 'orphaned')]),
            h('td', { class: 'id' }, l.criticalSectionId || '—'),
            h('td', {}, l.grantedAt ? time(l.grantedAt) : ['acquiring since ', time(l.requestedAt)]),
            h('td', { class: 'id' }, l.lockSet.join(', ') || '—'))),
          'No entity is locked.'));
      replace(waiting, h('h2', {}, 'Waiting requests (' + data.waiting.length + ')'),
        table('waiting-requests', ['Entity', 'Kind', 'Operation', 'From', 'Waits for', 'Queued'],
          requestRows(data.waiting, true), 'Nothing waits for a lock.'));
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Routing, hub picker, live refresh
// ---------------------------------------------------------------------------------------------

function route() {
  const hash = location.hash || '#/orchestrations';
  const [, section, rawId] = hash.match(/^#\/([^/]*)\/?(.*)$/) || [];
  const id = rawId ? decodeURIComponent(rawId) : null;
  switch (section) {
    case 'entities': return id ? entityView(id) : entitiesView();
    case 'locks': return locksView();
    default: return id ? instanceView(id) : orchestrationsView();
  }
}

function navigate() {
  replace(document.getElementById('toasts'));
  state.view = route();
  for (const a of document.querySelectorAll('#tabs a')) {
    a.classList.toggle('active', a.dataset.tab === state.view.tab);
  }
  state.view.mount(document.getElementById('view'));
  refresh();
}

let refreshing = null;
async function refresh() {
  const view = state.view;
  if (!view) return;
  const run = (async () => {
    try {
      await view.refresh();
      document.getElementById('updated').textContent = 'updated ' + new Date().toLocaleTimeString();
    } catch (e) {
      document.getElementById('updated').textContent = 'refresh failed: ' + e.message;
    }
  })();
  refreshing = run;
  await run;
}

async function loadHubs() {
  const session = await get('session');
  state.token = session.token;
  if (!session.hubs.includes(state.hub)) state.hub = session.hubs[0];
  const picker = document.getElementById('hub-picker');
  replace(picker, session.hubs.map(n => h('option', { value: n, selected: n === state.hub }, n)));
}

async function start() {
  await loadHubs();
  document.getElementById('hub-picker').addEventListener('change', e => {
    state.hub = e.target.value;
    localStorage.setItem('dashboard.hub', state.hub);
    navigate();
  });
  window.addEventListener('hashchange', navigate);
  setInterval(async () => {
    if (!document.getElementById('live').checked || document.hidden || document.querySelector('dialog[open]')) return;
    if (refreshing) await refreshing;
    refresh();
  }, REFRESH_MS);
  setInterval(() => loadHubs().catch(() => {}), 10 * REFRESH_MS);
  navigate();
}

start().catch(e => {
  document.getElementById('view').textContent = 'The dashboard could not start: ' + e.message;
});
