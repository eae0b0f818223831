from newsweave.brief.model import SCHEMA, Brief, Cited, SourceEntry


def test_the_json_form_has_the_schema_the_summary_and_every_section():
    brief = Brief("s1", "Headline", Cited("Lede.", (1,)), single_source={1: [Cited("Only here.", (1,))]},
                  sources=[SourceEntry(1, "a1", "AP", "T", "2024-03-04", None, None, 1, 1.0)],
                  summary={"id": "s1", "article_count": 1})
    data = brief.to_dict()
    assert data["schema"] == SCHEMA and data["id"] == "s1" and data["article_count"] == 1
    assert data["lede"] == {"text": "Lede.", "citations": (1,)}
    assert data["single_source"] == [{"source": 1, "claims": [{"text": "Only here.", "citations": (1,)}]}]
    assert set(data) >= {"headline", "facts", "conflicts", "quotes", "timeline", "sources", "notes", "story"}
