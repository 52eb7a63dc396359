"""text.markup: HTML pages to a title and the article body."""

from milrel_analysis.text.markup import html_to_text


def test_html_body_without_navigation_or_scripts():
    page = """<html><head><title>Spokesperson Geng Shuang's Regular Press Conference on May 15, 2018</title>
    <script>var x = "Russia";</script></head><body>
    <div class="nav"><ul><li><a>Home</a></li><li><a>Russia</a></li><li><a>Japan</a></li></ul></div>
    <div class="urhere"><a>Home</a> &gt; <a>Press and Media Service</a></div>
    <div class="content"><p>Q: What about the DPRK?</p><p>A: We support &quot;dialogue&quot;.</p>
    <p>Q: And Japan?</p><p>A: No comment.</p></div>
    <div class="footer"><p>Copyright Ministry of Foreign Affairs</p></div></body></html>"""
    title, body = html_to_text(page)
    assert title == "Spokesperson Geng Shuang's Regular Press Conference on May 15, 2018"
    assert body.split("\n\n") == ["Q: What about the DPRK?", 'A: We support "dialogue".',
                                  "Q: And Japan?", "A: No comment."]
    assert "Home" not in body and "var x" not in body and "Copyright" not in body
