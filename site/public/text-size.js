// 大字: remembers the reader's choice between pages. The switch itself is a checkbox that works
// without this script (CSS :has); the script only restores and stores the choice.
(function () {
  var KEY = 'zfzg-text-size';
  var root = document.documentElement;
  try {
    if (localStorage.getItem(KEY) === 'large') root.classList.add('text-large');
  } catch (e) {}
  document.addEventListener('DOMContentLoaded', function () {
    var toggle = document.getElementById('text-size-toggle');
    if (!toggle) return;
    toggle.checked = root.classList.contains('text-large');
    toggle.addEventListener('change', function () {
      root.classList.toggle('text-large', toggle.checked);
      try {
        localStorage.setItem(KEY, toggle.checked ? 'large' : 'normal');
      } catch (e) {}
    });
  });
})();
