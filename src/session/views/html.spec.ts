import { escapeHtml, html } from './html';
import { errorPage } from './error.page';

describe('html templates', () => {
  it('escapes every interpolated value', () => {
    const name = `<img src=x onerror="alert('x')">&\``;
    expect(html`<p title="${name}">${name}</p>`.markup).toBe(
      '<p title="&lt;img src=x onerror=&quot;alert(&#39;x&#39;)&quot;&gt;&amp;&#96;">&lt;img src=x onerror=&quot;alert(&#39;x&#39;)&quot;&gt;&amp;&#96;</p>',
    );
  });

  it('keeps nested templates, joins lists, drops undefined', () => {
    const items = ['<a>', 'b'].map((i) => html`<li>${i}</li>`);
    // prettier-ignore
    const markup = html`<ul>${items}</ul>${undefined}${null}${3}`.markup;
    expect(markup).toBe('<ul><li>&lt;a&gt;</li><li>b</li></ul>3');
  });

  it('escapes the messages of error pages', () => {
    const page = errorPage({ status: 400, title: 'Sign-in failed', message: '<script>x</script>' });
    expect(page).toContain('&lt;script&gt;x&lt;/script&gt;');
    expect(page).not.toContain('<script>');
    expect(escapeHtml('"\'')).toBe('&quot;&#39;');
  });
});
