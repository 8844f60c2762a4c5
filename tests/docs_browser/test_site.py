# -*- coding: utf-8 -*-
# Copyright: (c) 2026, vb365.backup contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The docs site as a person sees it: every page in headless Chromium.

`make docs-browser` (after `make docs`) serves .build/docs/html on loopback, opens the landing
page, every module, role and filter page, every guide and every page they link to, and fails on
a page that is missing, a link or anchor that leads nowhere, a console error, an uncaught
exception or a resource that does not load. The landing page's "Next" must lead to Getting started;
every picture of the guides (Graphviz, drawn by the build) must load, be an SVG drawing and be
visible; the README's links into the published site must lead to pages and anchors the build makes.
Screenshots of the landing, role and gating pages are kept in .build/docs-browser/ for review.
"""

import asyncio
import functools
import http.server
import os
import pathlib
import re
import subprocess
import tarfile
import threading
import urllib.parse

import pytest
import yaml

from cdp import Browser

REPO = pathlib.Path(__file__).resolve().parents[2]
HTML = REPO / '.build' / 'docs' / 'html'
SHOTS = REPO / '.build' / 'docs-browser'
SCREENSHOTS = {'index.html': 'landing.png', 'job_session_gate_role.html': 'gate-role.png',
               'docsite/gating.html': 'gating-guide.png'}
LINKS = 'Array.from(document.querySelectorAll("a[href]")).map(a => a.href)'
IDS = 'Array.from(document.querySelectorAll("[id], a[name]")).map(e => e.id || e.getAttribute("name"))'
H1 = '(document.querySelector("h1") || {}).textContent || ""'
# The page's "Next" button (the theme's, rel="next").
NEXT = '(document.querySelector("a[rel=next]") || {}).href || ""'
# Each picture of the page: where it comes from, its size on screen, whether CSS hides it, and what it holds.
PICTURES = """Array.from(document.querySelectorAll("object.graphviz, img.graphviz")).map(e => {
    const box = e.getBoundingClientRect(), style = getComputedStyle(e), svg = e.contentDocument;
    return {src: e.data || e.src, width: box.width, height: box.height,
            shown: style.display !== "none" && style.visibility !== "hidden" && style.opacity !== "0",
            root: svg && svg.documentElement ? svg.documentElement.tagName : null,
            shapes: svg ? svg.querySelectorAll("g.node, g.edge, text").length : 0};
})"""
# The published site (galaxy.yml's documentation): the README links into it.
SITE = yaml.safe_load((REPO / 'galaxy.yml').read_text(encoding='utf-8'))['documentation']


def expected_pages():
    """The pages the site must have: one per plugin and role in the tree, one per guide in extra-docs.yml."""
    # The landing page, the changelog, antsibull-docs' index of environment variables and the search page.
    pages = ['index.html', 'changelog.html', 'environment_variables.html', 'search.html']
    pages += sorted('%s_module.html' % p.stem for p in (REPO / 'plugins' / 'modules').glob('*.py'))
    pages += sorted('%s_filter.html' % p.stem for p in (REPO / 'plugins' / 'filter').glob('*.py'))
    pages += sorted('%s_role.html' % p.name for p in (REPO / 'roles').iterdir() if (p / 'meta' / 'argument_specs.yml').is_file())
    with open(REPO / 'docs' / 'docsite' / 'extra-docs.yml', encoding='utf-8') as f:
        for section in yaml.safe_load(f)['sections']:
            pages += ['docsite/%s.html' % guide for guide in section['toctree']]
    return pages


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    misses = []

    def log_message(self, format, *args):  # pylint: disable=redefined-builtin
        pass

    def send_error(self, code, message=None, explain=None):
        QuietHandler.misses.append((code, self.path))
        super().send_error(code, message, explain)


@pytest.fixture(scope='module')
def site():
    if not (HTML / 'index.html').is_file():
        pytest.fail('No site in %s: run `make docs` first (make docs-browser does).' % HTML)
    server = http.server.ThreadingHTTPServer(('127.0.0.1', 0), functools.partial(QuietHandler, directory=str(HTML)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield 'http://127.0.0.1:%d/' % server.server_address[1]
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def problems_in(events, base):
    """What a person would see go wrong (or the console would show) while a page loads."""
    found = []
    for event in events:
        method, params = event['method'], event.get('params', {})
        if method == 'Runtime.consoleAPICalled' and params.get('type') in ('error', 'assert'):
            found.append('console.%s: %s' % (params['type'], ' '.join(str(a.get('value', a.get('description'))) for a in params.get('args', []))))
        elif method == 'Runtime.exceptionThrown':
            details = params.get('exceptionDetails', {})
            found.append('uncaught exception: %s' % details.get('exception', {}).get('description', details.get('text')))
        elif method == 'Log.entryAdded' and params.get('entry', {}).get('level') == 'error':
            found.append('console error: %s %s' % (params['entry'].get('text'), params['entry'].get('url', '')))
        elif method == 'Network.loadingFailed' and not params.get('canceled'):
            found.append('resource failed to load: %s' % params.get('errorText'))
        elif method == 'Network.responseReceived' and params['response']['status'] >= 400:
            found.append('HTTP %d for %s' % (params['response']['status'], params['response']['url'].replace(base, '/')))
    return found


async def crawl(base, profile_dir):
    """Render the expected pages and every site page they link to; return page -> what was seen."""
    browser = Browser(profile_dir)
    seen = {}
    try:
        await browser.start()
        queue = list(expected_pages())
        while queue:
            page = queue.pop(0)
            if page in seen:
                continue
            if not (HTML / page).is_file():
                seen[page] = None
                continue
            events = await browser.open(base + page)
            seen[page] = {'problems': problems_in(events, base), 'links': await browser.evaluate(LINKS),
                          'ids': set(await browser.evaluate(IDS)), 'h1': (await browser.evaluate(H1)).strip(),
                          'title': await browser.evaluate('document.title'), 'next': await browser.evaluate(NEXT),
                          'pictures': await browser.evaluate(PICTURES)}
            if page in SCREENSHOTS:
                await browser.screenshot(str(SHOTS / SCREENSHOTS[page]))
            for link in seen[page]['links']:
                if link.startswith(base):
                    target = urllib.parse.urlsplit(link).path[1:] or 'index.html'
                    if target.endswith('.html') and target not in seen:
                        queue.append(target)
    finally:
        await browser.close()
    return seen


@pytest.fixture(scope='module')
def rendered(site, tmp_path_factory):
    SHOTS.mkdir(parents=True, exist_ok=True)
    for shot in SCREENSHOTS.values():
        (SHOTS / shot).unlink(missing_ok=True)
    return asyncio.run(crawl(site, tmp_path_factory.mktemp('chromium-profile')))


@pytest.mark.parametrize('page', expected_pages())
def test_page_renders_without_errors(rendered, page):
    assert rendered.get(page) is not None, '%s is missing from the site' % page
    assert rendered[page]['title'].endswith(' - vb365.backup') or rendered[page]['title'].endswith(' \u2014 vb365.backup'), \
        '%s: title %r' % (page, rendered[page]['title'])
    if page != 'search.html':
        assert rendered[page]['h1'], '%s has no heading' % page
    assert rendered[page]['problems'] == [], page


def test_every_linked_page_exists_and_renders(rendered):
    assert [page for page, seen in rendered.items() if seen is None] == []
    assert {page: seen['problems'] for page, seen in rendered.items() if seen and seen['problems']} == {}
    assert QuietHandler.misses == []


def test_no_broken_link_or_anchor(rendered, site):
    broken = []
    for page, seen in sorted(rendered.items()):
        for link in seen['links'] if seen else []:
            parts = urllib.parse.urlsplit(link)
            if not link.startswith(site):
                if parts.scheme not in ('http', 'https', 'mailto') or parts.hostname in ('127.0.0.1', 'localhost', None):
                    broken.append('%s: %s is not a link a reader can follow' % (page, link))
                continue
            target = parts.path[1:] or 'index.html'
            if not (HTML / target).is_file():
                broken.append('%s: %s leads to a missing page' % (page, link))
            elif parts.fragment and target in rendered and parts.fragment not in rendered[target]['ids']:
                broken.append('%s: %s has no anchor #%s' % (page, target, parts.fragment))
    assert broken == []


def test_the_crawl_checked_every_page_with_anchors(rendered):
    """Every page of the site was rendered, so each anchor above was checked against the page it names."""
    on_disk = {str(p.relative_to(HTML)) for p in HTML.rglob('*.html')}
    assert on_disk <= set(rendered)


def test_landing_page(rendered):
    landing = rendered['index.html']
    assert landing['h1'].startswith('vb365.backup')
    assert 'quick-start' in landing['ids']
    assert any(link.endswith('docsite/gating.html#ansible-collections-vb365-backup-docsite-gating') for link in landing['links'])


def test_next_on_the_landing_page_leads_to_getting_started(rendered, site):
    """A newcomer who presses "Next" on the landing page reaches Getting started, not the changelog."""
    assert rendered['index.html']['next'] == site + 'docsite/getting_started.html'
    assert rendered['docsite/getting_started.html']['next'] != site + 'changelog.html'


def test_the_landing_page_says_the_version_of_galaxy_yml(site):
    version = yaml.safe_load((REPO / 'galaxy.yml').read_text(encoding='utf-8'))['version']
    assert 'Collection version %s' % version in (HTML / 'index.html').read_text(encoding='utf-8')


def expected_pictures():
    """Page -> how many pictures its source has (``.. picture: NAME``, see docs/site/conf.py)."""
    found = {}
    for source in sorted((REPO / 'docs' / 'docsite' / 'rst').glob('*.rst')):
        count = len(re.findall(r'^\.\. picture: [\w-]+$', source.read_text(encoding='utf-8'), re.M))
        if count:
            found['docsite/%s.html' % source.stem] = count
    return found


def test_every_picture_is_drawn_loaded_and_visible(rendered):
    expected = expected_pictures()
    assert len(expected) >= 3 and sum(expected.values()) >= 3
    assert {page: len(seen['pictures']) for page, seen in rendered.items() if seen and seen['pictures']} == expected
    for page in expected:
        for picture in rendered[page]['pictures']:
            assert picture['src'].endswith('.svg'), (page, picture)
            assert (HTML / urllib.parse.urlsplit(picture['src']).path[1:]).stat().st_size > 1000, (page, picture)
            assert picture['root'] == 'svg' and picture['shapes'] >= 5, (page, picture)
            assert picture['shown'] and picture['width'] > 200 and picture['height'] > 80, (page, picture)


def test_the_readme_links_into_the_site_lead_to_pages_and_anchors(rendered):
    """The README (on Galaxy, in the tarball) links into the published site: each link must exist in this build."""
    links = re.findall(r'\(%s([^)#\s]*)(?:#([^)\s]+))?\)' % re.escape(SITE), (REPO / 'README.md').read_text(encoding='utf-8'))
    assert len(links) >= 10, links
    for path, anchor in links:
        page = path or 'index.html'
        assert page in rendered and rendered[page], '%s%s is not a page of the site' % (SITE, path)
        assert not anchor or anchor in rendered[page]['ids'], '%s%s has no anchor #%s' % (SITE, path, anchor)


def test_role_page_has_examples_and_links_the_gating_guide(rendered):
    role = rendered['job_session_gate_role.html']
    assert 'examples' in role['ids']
    assert any('docsite/gating.html' in link for link in role['links'])


def test_screenshots_are_kept(rendered):
    assert rendered
    for shot in SCREENSHOTS.values():
        assert (SHOTS / shot).stat().st_size > 10000, shot


def test_docs_dist_packs_this_site_for_the_published_address(tmp_path):
    """`make docs-dist` packs the site at the root of its archive, as it lands at galaxy.yml's documentation."""
    version = yaml.safe_load((REPO / 'galaxy.yml').read_text(encoding='utf-8'))['version']
    env = {k: v for k, v in os.environ.items() if not k.startswith('MAKE')}
    subprocess.run(['make', '-s', '--no-print-directory', 'docs-pack', 'DIST_DIR=%s' % tmp_path], cwd=str(REPO),
                   env=env, check=True, capture_output=True)
    archive = tmp_path / ('vb365-backup-docs-%s.tar.gz' % version)
    with tarfile.open(archive) as tar:
        names = {name[2:] for name in tar.getnames() if name.startswith('./') and len(name) > 2}
    site = {str(p.relative_to(HTML)) for p in HTML.rglob('*') if p.is_file() and '.doctrees' not in p.parts}
    assert site - {'.buildinfo'} <= names
    assert {'index.html', 'docsite/getting_started.html', '.nojekyll'} <= names
    assert not any(name.startswith(('.doctrees', '.buildinfo')) for name in names)
    # GitHub Pages of galaxy.yml's repository: where the archive is published.
    owner, name = re.match(r'https://github\.com/([^/]+)/([^/]+)$', yaml.safe_load(
        (REPO / 'galaxy.yml').read_text(encoding='utf-8'))['repository']).groups()
    assert SITE == 'https://%s.github.io/%s/' % (owner, name)
