// 驾驶舱: one page, one address per level (/dashboard/region/{code}, /dashboard/enterprise/{uscc}; /dashboard/ is the
// node's own region), history-based so the browser's back button walks back up. Every figure is HTML text with its
// raw value in data-value (data-figure names where it comes from in the API, path steps joined by /); the charts only repeat them.
(function () {
  const LABELS = {
    paymentMode: { ONE_OFF: '一次性付费', PER_USE: '按使用付费', PER_OUTCOME: '按成效付费' },
    subsidy: { INTEREST: '贴息补助', TRANSFORMATION: '改造补助', DIAGNOSIS: '诊断补助', PROVIDER: '服务商补助',
               CHAIN_CASE: '链式改造案例补助' },
    level: { 1: '一级', 2: '二级', 3: '三级', 4: '四级' },
    regionLevel: { PROVINCE: '省', CITY: '市', COUNTY: '县区' },
    project: { SELECTED: '入选', DIAGNOSED: '已诊断', CONTRACTED: '已签约', IMPLEMENTING: '实施中', ACCEPTED: '已验收',
               SUBSIDISED: '已补助' },
    machine: { RUN: '运行', IDLE: '待机', ALARM: '告警', OFF: '停机' },
    outcome: { PASSED: '通过', FAILED: '未通过' },
    scale: { ABOVE_DESIGNATED_SIZE: '规上企业', BELOW_DESIGNATED_SIZE: '规下企业', MEDIUM: '中型', SMALL: '小型',
             MICRO: '微型' },
    connectorKind: { route: '路由', delivery: '投递', opcua: 'OPC UA', mqtt: 'MQTT', pack: '县域接入包' },
    route: { decideInterestSubsidy: '贴息补助决定', decideTransformationSubsidy: '改造补助决定',
             deliverDecision: '补助决定投递', ingestTelemetry: '设备遥测入库',
             opcuaTelemetry: 'OPC UA 遥测采集', processCloudAdoptionBatch: '上云批量处理', processLoanBatch: '贷款批量处理' },
    queue: { ExpiryQueue: '过期消息', 'assessments.acceptances': '验收待处理', 'cloud.batches': '上云批量',
             deliveries: '补助决定投递', 'devices.telemetry': '设备遥测', 'loans.batches': '贷款批量',
             'loans.interest-periods': '贴息计息期', 'devices.invalid': '无效遥测' }
  };
  const text = { color: '#e8eef7' };
  const charts = {};
  let nodeRegion = null;
  let timer = null;

  function label(kind, code) {
    return code === null || code === undefined ? '–' : (LABELS[kind][code] || code);
  }
  /** A Chinese name with the technical id after it, small (the id is what logs and metrics show). */
  function named(kind, id) {
    const span = document.createElement('span');
    span.textContent = LABELS[kind][id] ? LABELS[kind][id] + ' ' : '';
    const small = document.createElement('span');
    small.className = 'small';
    small.textContent = id;
    span.appendChild(small);
    return span;
  }
  function target(code) {
    if (code === 'GOVERNMENT') { return '政府平台'; }
    return code.startsWith('PARTNER:') ? '合作方 ' + code.substring(8) : code;
  }
  /** "1234567.5" -> "1,234,567.50" (exact: string arithmetic, no floating point). */
  function yuan(amount) {
    const [whole, frac = ''] = String(amount === null || amount === undefined ? '0' : amount).split('.');
    return whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',') + '.' + (frac + '00').substring(0, 2);
  }
  /** "50000.00" -> "5.00" (万元, half up, exact). */
  function wan(amount) {
    const [whole, frac = ''] = String(amount || '0').split('.');
    const cents = BigInt(whole + (frac + '00').substring(0, 2));
    const wanCents = (cents + 5000n) / 10000n;
    return yuan((wanCents / 100n).toString() + '.' + (wanCents % 100n).toString().padStart(2, '0'));
  }
  /** An amount as the page shows it: yuan with separators, plus 万元 from 10,000 yuan. */
  function money(amount) {
    const value = Number(String(amount || '0').split('.')[0]);
    return yuan(amount) + ' 元' + (value >= 10000 ? '（' + wan(amount) + ' 万元）' : '');
  }
  /** An instant as yyyy-MM-dd HH:mm 北京时间 (Asia/Shanghai). */
  function beijing(instant) {
    if (!instant) { return '–'; }
    const parts = {};
    new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit',
      hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(new Date(instant))
      .forEach(p => { parts[p.type] = p.value; });
    return parts.year + '-' + parts.month + '-' + parts.day + ' ' + parts.hour + ':' + parts.minute + ' 北京时间';
  }
  function percent(ratio) {
    return ratio === null || ratio === undefined ? '–' : (Number(ratio) * 100).toFixed(1) + '%';
  }
  function int(n) {
    return String(n === null || n === undefined ? 0 : n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  }

  /** A table cell; a figure carries its source (data-figure) and raw value (data-value). */
  function cell(content, opts) {
    const td = document.createElement('td');
    opts = opts || {};
    if (opts.figure) { td.setAttribute('data-figure', opts.figure); td.setAttribute('data-value', String(opts.value)); }
    if (opts.numeric) { td.className = 'n'; }
    if (content instanceof Node) { td.appendChild(content); } else { td.textContent = content; }
    return td;
  }
  /** A target: '–' where none applies (a county inside its city's pack: the city's targets are not its). */
  function targetCell(value, figure) {
    return value === null || value === undefined ? cell('–', { numeric: true })
      : cell(int(value), { numeric: true, figure: figure, value: value });
  }
  function fill(tableId, rows) {
    const body = document.querySelector('#' + tableId + ' tbody');
    body.textContent = '';
    rows.forEach(r => body.appendChild(r));
    if (!rows.length) {
      const td = cell('无记录');
      td.className = 'small';
      td.colSpan = 12;
      body.appendChild(row([td]));
    }
  }
  function row(cells, cls) {
    const tr = document.createElement('tr');
    cells.forEach(c => tr.appendChild(c));
    if (cls) { tr.className = cls; }
    return tr;
  }
  function link(href, content) {
    const a = document.createElement('a');
    a.href = href;
    a.setAttribute('data-nav', 'true');
    a.textContent = content;
    return a;
  }
  function status(ok, yes, no) {
    const span = document.createElement('span');
    span.className = ok ? 'ok' : 'warn';
    span.textContent = ok ? yes : no;
    return span;
  }
  function setKpi(name, shown, raw, figure) {
    const el = document.querySelector('[data-kpi="' + name + '"]');
    if (el) {
      el.textContent = shown;
      el.setAttribute('data-value', String(raw));
      if (figure) { el.setAttribute('data-figure', figure); }
    }
  }
  function chart(id) {
    if (!charts[id]) { charts[id] = echarts.init(document.getElementById(id)); }
    return charts[id];
  }
  function get(path) {
    return fetch(path).then(r => { if (!r.ok) { throw new Error(path + ': ' + r.status); } return r.json(); });
  }

  // ---- region level ----
  function renderSummary(s) {
    document.getElementById('regionName').textContent = s.regionName;
    document.getElementById('asOf').textContent = '数据时间 ' + beijing(s.asOf);
    setKpi('enterprises', int(s.enterprises), s.enterprises, 'summary/enterprises');
    setKpi('pilots', int(s.pilots), s.pilots, 'summary/pilots');
    setKpi('transformed', int(s.transformed), s.transformed, 'summary/transformed');
    document.getElementById('transformedRule').textContent = '验收通过且达到' + label('level', s.transformedMinLevel) + '及以上';
    const onCloud = Object.values(s.cloudByPaymentMode).reduce((a, b) => a + b, 0);
    setKpi('on-cloud', int(onCloud), onCloud);
    ['INTEREST', 'TRANSFORMATION', 'DIAGNOSIS'].forEach(kind => {
      const granted = (s.subsidies[kind] || { granted: '0.00' }).granted;
      setKpi('subsidy-' + kind, yuan(granted) + ' 元', granted, s.subsidies[kind] ? 'summary/subsidies/' + kind + '/granted' : null);
      document.querySelector('[data-kpi-sub="subsidy-' + kind + '"]').textContent = wan(granted) + ' 万元 · '
        + int((s.subsidies[kind] || { decisions: 0 }).decisions) + ' 项决定';
    });
    setKpi('devices', int(s.devices.online) + ' / ' + int(s.devices.known), s.devices.online + '/' + s.devices.known);
    setKpi('device-online-rate', percent(s.devices.onlineRate), percent(s.devices.onlineRate));
    setKpi('device-utilisation', percent(s.devices.utilisation), percent(s.devices.utilisation));
    setKpi('device-oee', percent(s.devices.oee), percent(s.devices.oee));
    setKpi('device-energy', s.devices.energyKwh, s.devices.energyKwh, 'summary/devices/energyKwh');
    const d = s.deliveries;
    setKpi('deliveries-open', int(d.PENDING || 0) + ' / ' + int(d.RETRYING || 0), (d.PENDING || 0) + '/' + (d.RETRYING || 0));

    fill('industries', Object.entries(s.industries).map(([id, i]) => row([
      cell(i.name || id),
      targetCell(i.transformedTarget, 'summary/industries/' + id + '/transformedTarget'),
      cell(int(i.transformed), { numeric: true, figure: 'summary/industries/' + id + '/transformed', value: i.transformed }),
      targetCell(i.onCloudTarget, 'summary/industries/' + id + '/onCloudTarget'),
      cell(int(i.onCloud), { numeric: true, figure: 'summary/industries/' + id + '/onCloud', value: i.onCloud })])));
    fill('subsidies', Object.keys(LABELS.subsidy).map(kind => {
      const k = s.subsidies[kind] || { decisions: 0, granted: '0.00' };
      const fig = s.subsidies[kind] ? 'summary/subsidies/' + kind : null;
      return row([cell(label('subsidy', kind)),
        cell(int(k.decisions), { numeric: true, figure: fig && fig + '/decisions', value: k.decisions }),
        cell(yuan(k.granted), { numeric: true, figure: fig && fig + '/granted', value: k.granted }),
        cell(wan(k.granted), { numeric: true })]);
    }));
    fill('levels', [1, 2, 3, 4].map(l => row([cell(label('level', l)),
      cell(int(s.levels[l] || 0), { numeric: true, figure: s.levels[l] !== undefined ? 'summary/levels/' + l : null, value: s.levels[l] || 0 })])));
    fill('paymentModes', Object.keys(LABELS.paymentMode).map(m => row([cell(label('paymentMode', m)),
      cell(int(s.cloudByPaymentMode[m] || 0), { numeric: true,
        figure: s.cloudByPaymentMode[m] !== undefined ? 'summary/cloudByPaymentMode/' + m : null, value: s.cloudByPaymentMode[m] || 0 })])));
    const projects = s.projects;
    document.getElementById('projectsPanel').className = projects ? '' : 'hidden';
    if (projects) {
      fill('projects', Object.keys(LABELS.project).map(p => row([cell(label('project', p)),
        cell(int(projects[p] || 0), { numeric: true, figure: projects[p] !== undefined ? 'summary/projects/' + p : null, value: projects[p] || 0 })])));
    }
    document.body.setAttribute('data-summary', 'true');
    return s;
  }

  /** The child regions (cities of a province, counties of a city) with their figures against the targets. */
  function renderChildren(region, s) {
    const counties = s.counties || {};
    const children = region.children;
    const below = children.length ? label('regionLevel', children[0].level) : '';
    document.getElementById('childrenTitle').textContent = children.length
      ? '下级' + below + '：改造与上云（对照目标）' : '本县区：改造与上云（对照目标）';
    document.querySelector('#children thead').innerHTML = '<tr><th>' + (below || '县区') + '</th><th class="n">登记企业</th>'
      + '<th class="n">试点</th><th class="n">改造目标</th><th class="n">已改造</th><th class="n">完成率</th>'
      + '<th class="n">已上云</th></tr>';
    const rows = children.length ? children : [Object.assign({ code: region.code, name: region.name,
      enterprises: s.enterprises, pilots: s.pilots, transformed: s.transformed,
      onCloud: Object.values(s.cloudByPaymentMode).reduce((a, b) => a + b, 0) },
      { target: (counties[region.code] || {}).target })];
    fill('children', rows.map(c => {
      const fig = 'region/children/' + c.code;
      const rate = c.target ? (c.transformed * 100 / c.target).toFixed(1) + '%' : '–';
      return row([cell(children.length ? link('/dashboard/region/' + c.code, c.name) : c.name),
        cell(int(c.enterprises), { numeric: true, figure: children.length ? fig + '/enterprises' : null, value: c.enterprises }),
        cell(int(c.pilots), { numeric: true, figure: children.length ? fig + '/pilots' : null, value: c.pilots }),
        cell(c.target === null || c.target === undefined ? '–' : int(c.target), { numeric: true,
          figure: children.length && c.target !== null && c.target !== undefined ? fig + '/target' : null, value: c.target }),
        cell(int(c.transformed), { numeric: true, figure: children.length ? fig + '/transformed' : null, value: c.transformed }),
        cell(rate, { numeric: true }),
        cell(int(c.onCloud), { numeric: true, figure: children.length ? fig + '/onCloud' : null, value: c.onCloud })]);
    }));
    const names = rows.map(c => c.name).reverse();
    chart('childrenChart').setOption({
      title: { text: (below || '县区') + '改造进度（对照目标）', textStyle: text, left: 10, top: 8 },
      tooltip: { trigger: 'axis' }, legend: { textStyle: text, top: 34, left: 10 },
      grid: { left: 10, right: 30, top: 66, bottom: 20, containLabel: true },
      yAxis: { type: 'category', data: names, axisLabel: { color: '#e8eef7', interval: 0 } },
      xAxis: { type: 'value', axisLabel: { color: '#e8eef7' } },
      series: [{ name: '改造目标', type: 'bar', barMaxWidth: 14, data: rows.map(c => c.target || 0).reverse() },
               { name: '已改造', type: 'bar', barMaxWidth: 14, data: rows.map(c => c.transformed).reverse() },
               { name: '已上云', type: 'bar', barMaxWidth: 14, data: rows.map(c => c.onCloud).reverse() }]
    }, true);
  }

  function renderTrends(days) {
    fill('trends', days.slice().reverse().map((d, i) => row([cell(d.day),
      cell(int(d.transformed), { numeric: true, figure: 'trends/' + (days.length - 1 - i) + '/transformed', value: d.transformed }),
      cell(int(d.transformedTotal), { numeric: true, figure: 'trends/' + (days.length - 1 - i) + '/transformedTotal', value: d.transformedTotal }),
      cell(yuan(d.subsidiesGranted), { numeric: true, figure: 'trends/' + (days.length - 1 - i) + '/subsidiesGranted', value: d.subsidiesGranted }),
      cell(int(d.devicesOnline), { numeric: true, figure: 'trends/' + (days.length - 1 - i) + '/devicesOnline', value: d.devicesOnline })])));
    chart('trendsChart').setOption({
      title: { text: '每日趋势', textStyle: text, left: 10, top: 8 }, tooltip: { trigger: 'axis' },
      legend: { textStyle: text, top: 34, left: 10 },
      grid: { left: 10, right: 10, top: 66, bottom: 10, containLabel: true },
      xAxis: { type: 'category', data: days.map(d => d.day.substring(5)), axisLabel: { color: '#e8eef7' } },
      yAxis: [{ type: 'value', axisLabel: { color: '#e8eef7' } },
              { type: 'value', axisLabel: { color: '#e8eef7' }, name: '元', nameTextStyle: text, splitLine: { show: false } }],
      series: [{ name: '累计改造企业', type: 'line', data: days.map(d => d.transformedTotal) },
               { name: '在线设备', type: 'line', data: days.map(d => d.devicesOnline) },
               { name: '发放补助 (元)', type: 'bar', yAxisIndex: 1, data: days.map(d => d.subsidiesGranted) }]
    }, true);
  }

  function renderEnterprises(list) {
    fill('enterprises', list.map(e => row([cell(link('/dashboard/enterprise/' + e.uscc, e.name)), cell(e.uscc),
      cell(e.regionName), cell(e.industryName), cell(e.pilot ? '是' : '否'),
      cell(e.level ? label('level', e.level) : '未评估', { numeric: true }),
      cell(e.acceptedLevel ? '是（' + label('level', e.acceptedLevel) + '）' : '否'),
      cell(e.paymentMode ? label('paymentMode', e.paymentMode) : '否'),
      cell(yuan(e.subsidiesGranted), { numeric: true, figure: 'enterprises/' + e.uscc + '/subsidiesGranted', value: e.subsidiesGranted })])));
  }

  function deviceRow(d, withEnterprise) {
    const cells = [];
    if (withEnterprise) { cells.push(cell(link('/dashboard/enterprise/' + d.uscc, d.enterpriseName || d.uscc))); }
    cells.push(cell(d.deviceId));
    if (!withEnterprise) { cells.push(cell(d.name || '–')); }
    cells.push(cell(label('machine', d.state)));
    const online = cell(status(d.online, '在线', '离线'));
    online.setAttribute('data-device', d.uscc + '/' + d.deviceId);
    online.setAttribute('data-online', String(d.online));
    cells.push(online);
    cells.push(cell(d.lastSeen ? beijing(d.lastSeen) : '从未上报'));
    return row(cells, d.online ? null : 'warn');
  }

  function renderHealth(h) {
    fill('targets', h.targets.map(t => row([cell(target(t.target)),
      cell(int(t.delivered), { numeric: true, figure: 'health/targets/' + t.target + '/delivered', value: t.delivered }),
      cell(int(t.pending), { numeric: true, figure: 'health/targets/' + t.target + '/pending', value: t.pending }),
      cell(int(t.retrying), { numeric: true, figure: 'health/targets/' + t.target + '/retrying', value: t.retrying }),
      cell(beijing(t.lastSuccess)), cell(beijing(t.lastFailure))], t.retrying > 0 ? 'warn' : null)));
    fill('queues', h.queues.map(q => row([cell(named('queue', q.queue)),
      cell(int(q.depth), { numeric: true, figure: 'health/queues/' + q.queue + '/depth', value: q.depth }),
      cell(int(q.deadLetters), { numeric: true, figure: 'health/queues/' + q.queue + '/deadLetters', value: q.deadLetters })],
      q.deadLetters > 0 ? 'warn' : null)));
    fill('healthConnectors', h.connectors.map(c => {
      const kind = c.name.split(':')[0];
      const status_ = cell(status(c.up, '正常', '异常'));
      status_.setAttribute('data-connector', c.name);
      status_.setAttribute('data-up', String(c.up));
      const id = c.name.substring(kind.length + 1);
      const shown = kind === 'route' ? named('route', id) : kind === 'delivery' ? target(id) : id;
      return row([cell(shown), cell(label('connectorKind', kind)), status_], c.up ? null : 'warn');
    }));
  }

  function renderImports(runs) {
    fill('connectors', runs.map(run => {
      const tr = row([cell(run.pack), cell(run.source || ''), cell(beijing(run.finishedAt)),
        cell(int(run.records), { numeric: true }), cell(int(run.imported), { numeric: true }),
        cell(int(run.refused), { numeric: true }), cell(run.problem || '')],
        run.refused > 0 || run.problem ? 'warn' : null);
      tr.setAttribute('data-pack', run.pack);
      return tr;
    }));
  }

  function renderPath(path, last) {
    const nav = document.getElementById('path');
    nav.textContent = '';
    path.forEach((p, i) => {
      if (i > 0) { const sep = document.createElement('span'); sep.className = 'sep'; sep.textContent = '›'; nav.appendChild(sep); }
      const a = link(p.code === nodeRegion ? '/dashboard/' : '/dashboard/region/' + p.code, p.name);
      a.setAttribute('data-level', p.level);
      nav.appendChild(a);
    });
    if (last) {
      const sep = document.createElement('span'); sep.className = 'sep'; sep.textContent = '›'; nav.appendChild(sep);
      const span = document.createElement('span'); span.textContent = last; nav.appendChild(span);
    }
  }

  function showRegion(code) {
    const q = code ? '?region=' + encodeURIComponent(code) : '';
    document.getElementById('regionView').className = '';
    document.getElementById('enterpriseView').className = 'hidden';
    return get('/dashboard/api/summary' + q).then(s => {
      nodeRegion = nodeRegion || (code ? null : s.region);
      renderSummary(s);
      return Promise.all([get('/dashboard/api/regions/' + s.region), get('/dashboard/api/trends?region=' + s.region),
        get('/dashboard/api/devices?region=' + s.region), get('/dashboard/api/enterprises?region=' + s.region)])
        .then(([region, days, devices, enterprises]) => {
          renderPath(region.path);
          renderChildren(region, s);
          renderTrends(days);
          fill('devices', devices.map(d => deviceRow(d, true)));
          renderEnterprises(enterprises);
          document.body.setAttribute('data-level', region.level);
        });
    });
  }

  function showEnterprise(uscc) {
    document.getElementById('regionView').className = 'hidden';
    document.getElementById('enterpriseView').className = '';
    return get('/dashboard/api/enterprises/' + encodeURIComponent(uscc)).then(e => {
      document.getElementById('regionName').textContent = e.name;
      document.getElementById('asOf').textContent = '数据时间 ' + beijing(new Date().toISOString());
      renderPath(e.path, e.name);
      const info = [['企业名称', e.name], ['统一社会信用代码', e.uscc], ['当前登记地', e.regionName + '（' + e.regionCode + '）'],
        ['行业', e.industryName], ['规模', label('scale', e.scale)], ['试点企业', e.pilot ? '是' : '否'],
        ['登记时间', beijing(e.registeredAt)], ['最近更新', beijing(e.updatedAt)]];
      fill('enterpriseInfo', info.map(([k, v]) => row([cell(k), cell(v)])));
      fill('enterpriseAssessments', e.assessments.map(a => row([cell('评估'), cell(a.assessedOn), cell('–'),
        cell(label('level', a.level), { numeric: true }), cell(a.assessor)]))
        .concat(e.acceptances.map(a => row([cell('验收'), cell(a.acceptedOn), cell(label('outcome', a.outcome)),
          cell(a.level ? label('level', a.level) : '–', { numeric: true }), cell(a.assessor)]))));
      fill('enterpriseCloud', e.cloud.map(c => row([cell(c.platform), cell(c.reportedOn), cell(label('paymentMode', c.paymentMode)),
        cell(int(c.devicesConnected), { numeric: true })])));
      fill('enterpriseSubsidies', e.subsidies.map((s, i) => row([cell(label('subsidy', s.kind)), cell(beijing(s.decidedAt)),
        cell(money(s.granted), { numeric: true, figure: 'enterprise/subsidies/' + i + '/granted', value: s.granted }), cell(s.policy)])));
      fill('enterpriseDevices', e.devices.map(d => deviceRow(d, false)));
      document.body.setAttribute('data-level', 'ENTERPRISE');
    });
  }

  function route() {
    const path = location.pathname;
    const enterprise = path.match(/^\/dashboard\/enterprise\/([^/]+)$/);
    const region = path.match(/^\/dashboard\/region\/([^/]+)$/);
    const shown = enterprise ? showEnterprise(decodeURIComponent(enterprise[1]))
      : showRegion(region ? decodeURIComponent(region[1]) : null);
    return Promise.all([shown, get('/dashboard/api/health').then(renderHealth),
      get('/dashboard/api/connectors' + (region ? '?region=' + region[1] : '')).then(renderImports)])
      .then(() => document.body.setAttribute('data-loaded', 'true'))
      .catch(e => { console.error('dashboard refresh failed', e); document.body.setAttribute('data-error', String(e)); });
  }

  document.addEventListener('click', ev => {
    const a = ev.target.closest('a[data-nav]');
    if (a && !ev.ctrlKey && !ev.metaKey) {
      ev.preventDefault();
      history.pushState(null, '', a.getAttribute('href'));
      route();
    }
  });
  window.addEventListener('popstate', route);
  window.addEventListener('resize', () => Object.values(charts).forEach(c => c.resize()));
  route();
  timer = setInterval(route, 5000);
})();
