// Shows this observatory's support portal inside another website. The observatory pastes
//   <script src="https://SUPPORT-HOST/portal/OBSERVATORY/embed.js" async></script>
// where the portal should appear. Only origins the observatory declared may frame the portal
// (its Content-Security-Policy frame-ancestors); elsewhere the browser refuses the frame.
(function () {
  'use strict';
  var script = document.currentScript;
  if (!script) return;
  var portal = new URL('./', script.src);
  var frame = document.createElement('iframe');
  frame.src = portal.href + '?embed=1';
  frame.title = script.getAttribute('data-title') || 'Soporte / Support';
  frame.setAttribute('loading', 'lazy');
  frame.setAttribute('referrerpolicy', 'origin');
  frame.className = 'astroblob-portal';
  frame.style.width = '100%';
  frame.style.minHeight = (script.getAttribute('data-min-height') || '640') + 'px';
  frame.style.border = '0';
  script.parentNode.insertBefore(frame, script.nextSibling);

  // The portal reports its height so that the frame grows with it instead of scrolling inside.
  window.addEventListener('message', function (event) {
    if (event.source !== frame.contentWindow || event.origin !== portal.origin) return;
    var data = event.data;
    if (data && data.type === 'astroblob:height' && typeof data.height === 'number' && data.height > 0) {
      frame.style.height = Math.min(Math.ceil(data.height), 20000) + 'px';
    }
  });
})();
