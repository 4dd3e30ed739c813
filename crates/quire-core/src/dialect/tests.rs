//! Tests of the dialect pass: each construct, line counts, code left alone, warnings.

use super::*;

fn run(body: &str, site: Option<Site>) -> (String, Vec<String>) {
    let r = rewrite(body, 1, Some("post.md"), site);
    let out = r.body.unwrap_or_else(|| body.to_owned());
    assert_eq!(
        out.matches('\n').count(),
        body.matches('\n').count(),
        "lines must stay where they were:\n{out}"
    );
    (out, r.warnings.iter().map(|w| w.to_string()).collect())
}

#[test]
fn hugo_figure_becomes_an_image_with_its_caption_as_title() {
    let (out, w) = run(
        "{{< figure src=\"/img/a.png\" alt=\"A cat\" caption=\"The \\\"cat\\\"\" >}}\n",
        None,
    );
    assert!(out.starts_with("![A cat](</img/a.png> \"The "), "{out}");
    assert!(w.is_empty(), "{w:?}");
    let (out, _) = run(
        "{{< figure src=\"a.png\" title=\"T\" link=\"https://x.org\" >}}\n",
        None,
    );
    assert_eq!(out, "[![](<a.png> \"T\")](<https://x.org>)\n");
}

#[test]
fn multi_line_shortcodes_keep_their_lines() {
    let (out, _) = run(
        "{{< figure\n  src=\"a.png\"\n  alt=\"x\" >}}\nafter\n",
        None,
    );
    assert_eq!(out, "![x](<a.png>)\n\n\nafter\n");
}

#[test]
fn videos_gists_and_tweets_become_links() {
    let (out, _) = run("{{< youtube w7Ft2ymGmfc >}}\n", None);
    assert_eq!(
        out,
        "[YouTube video w7Ft2ymGmfc](<https://www.youtube.com/watch?v=w7Ft2ymGmfc>)\n"
    );
    let (out, _) = run("{{< youtube id=\"abc\" title=\"My talk\" >}}\n", None);
    assert!(out.starts_with("[My talk (YouTube video)]"), "{out}");
    let (out, _) = run("{{< vimeo 146022717 >}}\n", None);
    assert!(out.contains("https://vimeo.com/146022717"), "{out}");
    let (out, _) = run("{{< gist spf13 7896402 >}}\n", None);
    assert!(
        out.contains("https://gist.github.com/spf13/7896402"),
        "{out}"
    );
    let (out, _) = run(
        "{{< tweet user=\"SanDiegoZoo\" id=\"1453110110599868418\" >}}\n",
        None,
    );
    assert!(
        out.contains("https://x.com/SanDiegoZoo/status/1453110110599868418"),
        "{out}"
    );
    let (out, _) = run("{{< x user=\"a\" id=\"1\" >}}\n", None);
    assert!(out.contains("Post by @a on X"), "{out}");
}

#[test]
fn highlight_holding_html_is_a_fenced_block() {
    let body = "{{< highlight html \"linenos=table\" >}}\n<div>\n\n  <b>x</b>\n</div>\n{{< /highlight >}}\nafter\n";
    let (out, _) = run(body, None);
    assert_eq!(out, "```html\n<div>\n\n  <b>x</b>\n</div>\n```\nafter\n");
    let (out, _) = run(
        "{% highlight ruby linenos %}\ndef x\nend\n{% endhighlight %}\n",
        None,
    );
    assert_eq!(out, "```ruby\ndef x\nend\n```\n");
    // Content holding a fence gets a longer one.
    let (out, _) = run(
        "{{< highlight md >}}\n```\nx\n```\n{{< /highlight >}}\n",
        None,
    );
    assert!(out.starts_with("````md\n"), "{out}");
}

#[test]
fn highlight_on_one_line_is_a_pre() {
    let (out, _) = run("{{< highlight go >}}a < b{{< /highlight >}}\n", None);
    assert_eq!(
        out,
        "<pre><code class=\"language-go\">a &lt; b</code></pre>\n"
    );
}

#[test]
fn ref_and_relref_link_to_the_posts_file() {
    let (out, _) = run("See [the other]({{< ref \"posts/other.md#intro\" >}}) and [b]({{< relref \"/blog/b/index.md\" >}}).\n", None);
    assert_eq!(out, "See [the other](other.md#intro) and [b](b).\n");
}

#[test]
fn notices_become_callouts() {
    let body = "{{< notice warning >}}\nCareful **now**.\n\nTwo.\n{{< /notice >}}\nAfter.\n";
    let (out, w) = run(body, None);
    assert_eq!(
        out,
        "> [!WARNING]\n> Careful **now**.\n> \n> Two.\n> \nAfter.\n"
    );
    assert!(w.is_empty());
    let (out, _) = run("{{% hint danger %}}\nNo.\n{{% /hint %}}\n", None);
    assert_eq!(out, "> [!CAUTION]\n> No.\n> \n");
    let (out, _) = run(
        "{{< callout type=\"tip\" title=\"Try it\" >}}\nYes.\n{{< /callout >}}\n",
        None,
    );
    assert_eq!(out, "> [!tip] Try it\n> Yes.\n> \n");
}

#[test]
fn details_become_html_details() {
    let (out, _) = run(
        "{{< details summary=\"More <info>\" >}}\nHidden.\n{{< /details >}}\n",
        None,
    );
    assert_eq!(
        out,
        "<details><summary>More &lt;info&gt;</summary>\nHidden.\n</details>\n"
    );
}

#[test]
fn escaped_shortcodes_print_literally() {
    let (out, _) = run("Write {{</* figure src=\"x\" */>}} to add one.\n", None);
    assert_eq!(out, "Write `{{< figure src=\"x\" >}}` to add one.\n");
    let (out, _) = run("```\n{{</* youtube id */>}}\n```\n", None);
    assert_eq!(out, "```\n{{< youtube id >}}\n```\n");
    let (out, _) = run("`{{%/* x */%}}`\n", None);
    assert_eq!(out, "`{{% x %}}`\n");
    let (out, _) = run("{%/* youtube(id=\"x\") */%}\n", Some(Site::Zola));
    assert_eq!(out, "`{% youtube(id=\"x\") %}`\n");
}

#[test]
fn code_is_never_touched() {
    let body = "```\n{{< figure src=\"x\" >}}\n{% include a.html %}\n{: .x}\n```\n\n    {{< youtube x >}}\n\nInline `{% link a.md %}` too.\n";
    let (out, w) = run(body, None);
    assert_eq!(out, body);
    assert!(w.is_empty());
}

#[test]
fn liquid_raw_prints_its_content_and_vanishes_in_code() {
    let (out, _) = run(
        "{% raw %}{{ page.title }}{% endraw %} is Liquid.\n",
        Some(Site::Jekyll),
    );
    assert_eq!(out, "{{ page.title }} is Liquid.\n");
    let (out, _) = run(
        "```liquid\n{% raw %}\n{{ x }}\n{% endraw %}\n```\n",
        Some(Site::Jekyll),
    );
    assert_eq!(out, "```liquid\n\n{{ x }}\n\n```\n");
}

#[test]
fn jekyll_links_includes_and_site_urls() {
    let (out, w) = run(
        "[A]({% link _posts/2016-01-02-a.md %}), [B]({% post_url 2016-03-04-b %}).\n{% include toc.html %}\n![x]({{ site.baseurl }}/img/x.png) ![y]({{ \"/img/y.png\" | relative_url }})\n",
        Some(Site::Jekyll),
    );
    assert_eq!(
        out,
        "[A](2016-01-02-a.md), [B](2016-03-04-b).\n\n![x](/img/x.png) ![y](/img/y.png)\n"
    );
    assert_eq!(w.len(), 1);
    assert!(
        w[0].contains("post.md:2:") && w[0].contains("include toc.html"),
        "{w:?}"
    );
}

#[test]
fn hexo_tags() {
    let (out, _) = run(
        "{% codeblock app.js lang:javascript %}\nlet a;\n{% endcodeblock %}\n",
        Some(Site::Hexo),
    );
    assert_eq!(out, "```javascript\nlet a;\n```\n");
    let (out, _) = run(
        "{% blockquote Ada Lovelace, Notes %}\nThe engine weaves.\n{% endblockquote %}\n",
        Some(Site::Hexo),
    );
    assert_eq!(out, "> \n> The engine weaves.\n> — Ada Lovelace, Notes\n");
    let (out, _) = run(
        "{% img left /img/a.png 300 200 \"A title\" \"An alt\" %}\n",
        Some(Site::Hexo),
    );
    assert_eq!(out, "![An alt](</img/a.png> \"A title\")\n");
    let (out, _) = run("{% link Hexo docs https://hexo.io %}\n", Some(Site::Hexo));
    assert_eq!(out, "[Hexo docs](<https://hexo.io>)\n");
    let (out, _) = run("{% youtube abc %}\n", Some(Site::Hexo));
    assert!(out.contains("watch?v=abc"));
}

#[test]
fn zola_shortcodes() {
    let (out, _) = run("{{ youtube(id=\"dQw\") }}\n", Some(Site::Zola));
    assert!(out.contains("watch?v=dQw"), "{out}");
    let (out, w) = run(
        "{% quote(author=\"A\") %}\nText.\n{% end %}\n",
        Some(Site::Zola),
    );
    assert_eq!(out, "\nText.\n\n");
    assert_eq!(w.len(), 1);
}

#[test]
fn unknown_tags_warn_once_per_kind_and_keep_content() {
    let body = "{{< warnme >}}\nA\n{{< /warnme >}}\n{{< warnme >}}\n{{< param x >}}\n";
    let (out, w) = run(body, None);
    assert_eq!(out, "\nA\n\n\n\n");
    assert_eq!(w.len(), 2, "{w:?}");
    assert!(
        w[0].contains("post.md:1:") && w[0].contains("\"warnme\""),
        "{w:?}"
    );
    assert!(
        w[1].contains("post.md:5:") && w[1].contains("\"param\""),
        "{w:?}"
    );
}

#[test]
fn inline_shortcodes_are_dropped_with_their_template() {
    let (out, w) = run(
        "{{< time.inline >}}\n{{ now }}\n{{< /time.inline >}}\nText.\n",
        None,
    );
    assert_eq!(out, "\n\n\nText.\n");
    assert_eq!(w.len(), 1);
    assert!(w[0].contains("time.inline"));
}

#[test]
fn ials_are_removed_and_returned() {
    let r = rewrite(
        "Para.\n{: .lead #intro data-x=\"1\"}\n\n## H {: #h}\n",
        1,
        None,
        None,
    );
    assert_eq!(r.body.as_deref(), Some("Para.\n\n\n## H \n"));
    assert_eq!(r.ials.len(), 2);
    assert_eq!(r.ials[0].attr.id, "intro");
    assert_eq!(r.ials[0].attr.classes, ["lead"]);
    assert_eq!(
        r.ials[0].attr.attributes,
        [("data-x".to_owned(), "1".to_owned())]
    );
    assert!(r.ials[1].trailing);
}

#[test]
fn ials_attach_to_the_block_they_name() {
    let read = crate::read_text(
        "Para.\n{: .lead}\n\n## Head\n{: #custom}\n\n{: .note}\n> Quote\n\n```\ncode\n```\n{: .wide}\n",
        Some("p.md"),
        &crate::ReadOptions::default(),
    )
    .unwrap();
    let blocks = &read.document.blocks;
    assert!(
        matches!(&blocks[0], Block::Div(d) if d.attr.classes == ["lead"]),
        "{blocks:?}"
    );
    assert!(
        matches!(&blocks[1], Block::Heading(h) if h.attr.id == "custom"),
        "{blocks:?}"
    );
    assert!(
        matches!(&blocks[2], Block::Div(d) if d.attr.classes == ["note"]),
        "{blocks:?}"
    );
    assert!(
        matches!(&blocks[3], Block::CodeBlock(c) if c.attr.classes == ["wide"]),
        "{blocks:?}"
    );
}

#[test]
fn warnings_of_later_lines_stay_right() {
    let read = crate::read_text(
        "---\ntitle: t\n---\n{{< figure\n src=\"a.png\" >}}\n{{< mystery >}}\n",
        Some("p.md"),
        &crate::ReadOptions::default(),
    )
    .unwrap();
    assert_eq!(read.warnings.len(), 1);
    assert_eq!(read.warnings[0].line, 6, "{:?}", read.warnings);
}

#[test]
fn a_stray_opener_swallows_nothing() {
    let (out, _) = run("a {{< b\n\nc >}} d\n", None);
    assert_eq!(out, "a {{< b\n\nc >}} d\n");
    let (out, _) = run("{% highlight x %}\nnever closed\n", None);
    assert_eq!(out, "\nnever closed\n");
}

#[test]
fn huge_inputs_are_linear() {
    let unit = "{{< notice >}}\n`{{< x >}}` {% raw %}a{% endraw %} {{< figure src=\"a\" >}}\n{{< /notice >}}\n";
    let body = unit.repeat(5_000);
    let t = std::time::Instant::now();
    let (out, _) = run(&body, None);
    assert!(
        out.starts_with("> [!NOTE]\n> `{{< x >}}` a ![](<a>)\n"),
        "{}",
        &out[..80]
    );
    let openers = "{{< ".repeat(5_000) + "{% highlight x %}".repeat(5_000).as_str();
    run(&openers, None);
    assert!(t.elapsed().as_secs() < 10, "{:?}", t.elapsed());
}

#[test]
fn sites_are_told_apart() {
    let mut f = SiteFiles::default();
    assert_eq!(Site::detect(&f), None);
    f.config_toml = Some("base_url = \"https://x\"\n".into());
    assert_eq!(Site::detect(&f), Some(Site::Zola));
    f.config_toml = Some("baseURL = \"https://x\"\n".into());
    assert_eq!(Site::detect(&f), Some(Site::Hugo));
    let mut f = SiteFiles {
        config_yml: Some("title: x\n".into()),
        ..SiteFiles::default()
    };
    assert_eq!(Site::detect(&f), Some(Site::Jekyll));
    f.config_yml = Some("new_post_name: :title.md\n".into());
    assert_eq!(Site::detect(&f), Some(Site::Hexo));
    let f = SiteFiles {
        config_fsx: true,
        ..SiteFiles::default()
    };
    assert_eq!(Site::detect(&f), Some(Site::FsBlog));
    assert_eq!(Site::Hugo.static_dir(), "static");
}

#[test]
fn braces_that_are_not_ials_stay() {
    for body in ["It returns {:ok, pid}\n", "{:ok}\n", "A map {:a 1}\n"] {
        let (out, w) = run(body, None);
        assert_eq!(out, body);
        assert!(w.is_empty());
    }
}

#[test]
fn liquid_prints_the_sites_config_values() {
    let files = SiteFiles {
        config_yml: Some("title: Boxes\nrepository: jekyll/jekyll\nnested:\n  a: 1\n".into()),
        ..SiteFiles::default()
    };
    let values = files.config_values();
    assert_eq!(values.len(), 2);
    let r = rewrite_with(
        "[#1](https://github.com/{{ site.repository }}/issues/1) in {{ site.title }}\n",
        1,
        None,
        Some(Site::Jekyll),
        &values,
    );
    assert_eq!(
        r.body.as_deref(),
        Some("[#1](https://github.com/jekyll/jekyll/issues/1) in Boxes\n")
    );
    assert!(r.warnings.is_empty());
}
