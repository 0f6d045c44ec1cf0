// Numbers and times as people read them.
const UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'];

export function bytes(value) {
  if (value === null || value === undefined) {
    return '–';
  }
  let v = Number(value);
  let unit = 0;
  while (Math.abs(v) >= 1024 && unit < UNITS.length - 1) {
    v /= 1024;
    unit++;
  }
  return (unit === 0 ? String(v) : v.toFixed(v < 10 ? 2 : 1)) + ' ' + UNITS[unit];
}

export function time(iso) {
  if (!iso) {
    return '–';
  }
  const d = new Date(iso);
  return isNaN(d.getTime()) ? String(iso) : d.toLocaleString();
}

export function shortTime(iso) {
  if (!iso) {
    return '–';
  }
  const d = new Date(iso);
  return isNaN(d.getTime()) ? String(iso) : d.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
}

export function kbps(value) {
  if (value === null || value === undefined) {
    return '–';
  }
  return value >= 1000 ? (value / 1000).toFixed(2) + ' Mbps' : Number(value).toFixed(1) + ' kbps';
}

export function count(value) {
  return value === null || value === undefined ? '–' : Number(value).toLocaleString();
}
