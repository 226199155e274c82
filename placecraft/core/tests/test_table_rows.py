from django.template import Context, Template


def test_a_chart_table_body_heads_each_row_and_escapes_every_cell():
    html = Template("{{ rows|table_rows }}").render(
        Context({"rows": [("2023 <b>", "1.5", "<script>x</script>"), ("2024", 2, "")]})
    )
    assert html.count('<tr class="govuk-table__row">') == 2
    assert '<th scope="row" class="govuk-table__header">2023 &lt;b&gt;</th>' in html
    assert '<td class="govuk-table__cell govuk-table__cell--numeric">1.5</td>' in html
    assert "&lt;script&gt;x&lt;/script&gt;" in html and "<script>" not in html
    assert '<td class="govuk-table__cell govuk-table__cell--numeric">2</td>' in html
