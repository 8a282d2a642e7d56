namespace Visitation.Web.Tests.Support;

/// <summary>
/// Checks run in the page: Danish language, one h1, no skipped heading level, a working skip link,
/// every form control labelled, error-summary links that reach their field, no empty link or button,
/// unique ids, and text contrast of at least
/// 4.5:1 (3:1 for large text) against the nearest opaque background. Not a full audit; the basics.
/// </summary>
public static class PageChecks
{
    public const string Script = """
        () => {
          const problems = [];
          if (document.documentElement.lang !== 'da') problems.push('html lang is not da');
          const h1s = document.querySelectorAll('h1');
          if (h1s.length !== 1) problems.push(`expected one h1, found ${h1s.length}`);
          let last = 0;
          for (const h of document.querySelectorAll('main h1, main h2, main h3, main h4, main h5, main h6')) {
            const level = Number(h.tagName[1]);
            if (last && level > last + 1) problems.push(`heading level skipped before "${h.textContent.trim()}"`);
            last = level;
          }
          const skip = document.querySelector('a.skip-link');
          if (!skip || skip !== document.querySelector('body a, body button, body input')) problems.push('skip link is not the first focusable element');
          if (!skip || !document.querySelector(skip.getAttribute('href'))) problems.push('skip link target is missing');
          for (const el of document.querySelectorAll('input, select, textarea')) {
            if (el.type === 'hidden') continue;
            const labelled = (el.id && document.querySelector(`label[for="${CSS.escape(el.id)}"]`))
              || el.closest('label') || el.getAttribute('aria-label') || el.getAttribute('aria-labelledby');
            if (!labelled) problems.push(`form control without label: ${el.name || el.id}`);
            const described = el.getAttribute('aria-describedby');
            if (described) for (const id of described.split(/\s+/)) if (!document.getElementById(id)) problems.push(`aria-describedby points at missing #${id}`);
          }
          for (const el of document.querySelectorAll('a, button')) {
            if (!(el.textContent.trim() || el.getAttribute('aria-label'))) problems.push(`empty ${el.tagName.toLowerCase()}: ${el.outerHTML.slice(0, 80)}`);
          }
          for (const a of document.querySelectorAll('.error-summary a[href^="#"]')) {
            if (!document.getElementById(decodeURIComponent(a.getAttribute('href').slice(1)))) problems.push(`error summary links to missing ${a.getAttribute('href')}`);
          }
          const seen = new Set();
          for (const el of document.querySelectorAll('[id]')) {
            if (seen.has(el.id)) problems.push(`duplicate id ${el.id}`);
            seen.add(el.id);
          }
          const rgb = s => { const m = s.match(/rgba?\(([^)]+)\)/); if (!m) return null; const p = m[1].split(',').map(x => parseFloat(x)); return { r: p[0], g: p[1], b: p[2], a: p.length > 3 ? p[3] : 1 }; };
          const lum = c => { const f = v => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); }; return 0.2126 * f(c.r) + 0.7152 * f(c.g) + 0.0722 * f(c.b); };
          const background = el => { for (let e = el; e; e = e.parentElement) { const c = rgb(getComputedStyle(e).backgroundColor); if (c && c.a > 0.9) return c; } return { r: 255, g: 255, b: 255, a: 1 }; };
          for (const el of document.querySelectorAll('body *')) {
            if (el.closest('svg') || el.closest('.skip-link')) continue;
            const hasText = Array.from(el.childNodes).some(n => n.nodeType === 3 && n.textContent.trim());
            if (!hasText) continue;
            const style = getComputedStyle(el);
            if (style.visibility === 'hidden' || style.display === 'none' || el.getClientRects().length === 0) continue;
            if (el.closest('.visually-hidden')) continue;
            const fg = rgb(style.color), bg = background(el);
            if (!fg) continue;
            const l1 = lum(fg), l2 = lum(bg);
            const ratio = (Math.max(l1, l2) + 0.05) / (Math.min(l1, l2) + 0.05);
            const size = parseFloat(style.fontSize), bold = Number(style.fontWeight) >= 700;
            const large = size >= 24 || (bold && size >= 18.66);
            if (ratio < (large ? 3 : 4.5)) problems.push(`contrast ${ratio.toFixed(2)}:1 for "${el.textContent.trim().slice(0, 40)}"`);
          }
          return problems;
        }
        """;
}
