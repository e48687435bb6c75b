// 驾驶舱: polls the hub's summary (same service as the signed getProgress operation) and redraws every 5 s.
(function () {
  const charts = {};
  const text = { color: '#e8eef7' };
  function chart(id) {
    if (!charts[id]) { charts[id] = echarts.init(document.getElementById(id)); }
    return charts[id];
  }
  function setKpi(name, value) {
    const el = document.querySelector('[data-kpi="' + name + '"]');
    if (el) { el.textContent = value; }
  }
  function bars(id, title, names, series) {
    chart(id).setOption({
      title: { text: title, textStyle: text, left: 10, top: 6 },
      tooltip: { trigger: 'axis' }, legend: { textStyle: text, top: 6, right: 10 },
      grid: { left: 40, right: 20, top: 50, bottom: 60 },
      xAxis: { type: 'category', data: names, axisLabel: { color: '#e8eef7', rotate: 30 } },
      yAxis: { type: 'value', axisLabel: { color: '#e8eef7' } },
      series: series.map(s => ({ name: s.name, type: 'bar', data: s.data }))
    });
  }
  function pie(id, title, entries) {
    chart(id).setOption({
      title: { text: title, textStyle: text, left: 10, top: 6 }, tooltip: { trigger: 'item' },
      series: [{ type: 'pie', radius: ['35%', '65%'], label: { color: '#e8eef7' },
                 data: Object.entries(entries).map(([name, value]) => ({ name, value })) }]
    });
  }
  /** "0.7500" -> "75.0%"; no data -> "–". */
  function percent(ratio) {
    return ratio === null || ratio === undefined ? '–' : (Number(ratio) * 100).toFixed(1) + '%';
  }
  function render(s) {
    document.getElementById('regionName').textContent = s.regionName;
    document.getElementById('asOf').textContent = '数据时间 ' + s.asOf;
    setKpi('enterprises', s.enterprises);
    setKpi('pilots', s.pilots);
    setKpi('transformed', s.transformed);
    setKpi('subsidy-INTEREST', (s.subsidies.INTEREST || { granted: '0.00' }).granted);
    setKpi('subsidy-TRANSFORMATION', (s.subsidies.TRANSFORMATION || { granted: '0.00' }).granted);
    setKpi('devices', s.devices.online + ' / ' + s.devices.known);
    setKpi('device-online-rate', percent(s.devices.onlineRate));
    setKpi('device-utilisation', percent(s.devices.utilisation));
    setKpi('device-oee', percent(s.devices.oee));
    setKpi('device-energy', s.devices.energyKwh);
    const d = s.deliveries;
    setKpi('deliveries-open', ((d.PENDING || 0) + (d.RETRYING || 0)) + ' / ' + (d.FAILED || 0));
    const counties = Object.entries(s.counties);
    bars('counties', '改造企业：目标与进度（县区）', counties.map(([, c]) => c.name),
      [{ name: '目标', data: counties.map(([, c]) => c.target || 0) },
       { name: '已改造', data: counties.map(([, c]) => c.transformed) }]);
    const industries = Object.entries(s.industries);
    bars('industries', '细分行业：改造与上云', industries.map(([, i]) => i.name),
      [{ name: '改造目标', data: industries.map(([, i]) => i.transformedTarget || 0) },
       { name: '已改造', data: industries.map(([, i]) => i.transformed) },
       { name: '上云目标', data: industries.map(([, i]) => i.onCloudTarget || 0) },
       { name: '已上云', data: industries.map(([, i]) => i.onCloud) }]);
    bars('levels', '数字化水平等级分布', Object.keys(s.levels).map(l => l + '级'),
      [{ name: '企业数', data: Object.values(s.levels) }]);
    pie('cloud', '上云付费模式', s.cloudByPaymentMode);
    document.body.setAttribute('data-loaded', 'true');
  }
  /** Connector health: the latest run of each pack first (the list is newest first per pack). */
  function renderConnectors(runs) {
    const body = document.querySelector('#connectors tbody');
    body.textContent = '';
    runs.forEach(run => {
      const row = document.createElement('tr');
      row.setAttribute('data-pack', run.pack);
      [run.pack, run.source || '', run.finishedAt, run.records, run.imported, run.refused, run.problem || '']
        .forEach(value => { const cell = document.createElement('td'); cell.textContent = value; row.appendChild(cell); });
      if (run.refused > 0 || run.problem) { row.className = 'warn'; }
      body.appendChild(row);
    });
  }
  function refresh() {
    fetch('api/summary').then(r => r.json()).then(render).catch(e => console.error('dashboard refresh failed', e));
    fetch('api/connectors').then(r => r.json()).then(renderConnectors)
      .catch(e => console.error('dashboard connectors refresh failed', e));
  }
  refresh();
  setInterval(refresh, 5000);
})();
