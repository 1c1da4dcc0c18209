"""Build ``redline/emit/sec-template.docx``, the template every generated .docx starts from.

python-docx's own template is US Letter, blue Cambria headings, creator "python-docx" (2013),
a Macintosh Word thumbnail and a ``w:zoom`` without the ``w:percent`` the schema requires. This
one is A4 with 2.54 cm margins, Arial throughout in black, British English, creator "redline".
Run it from the repository root after changing it: ``python3 scripts/build_template.py``.
"""

from __future__ import annotations

import datetime
import io
from pathlib import Path

from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

from redline.emit.package import fixed_zip

TARGET = Path(__file__).resolve().parents[1] / "redline" / "emit" / "sec-template.docx"
FONT = "Arial"
BUILT = datetime.datetime(2026, 12, 1, tzinfo=datetime.UTC)
#: style → (size in points, bold, space before in points)
SIZES = {"Normal": (11, False, 0), "Title": (14, True, 0), "Heading 1": (13, True, 18), "Heading 2": (11, True, 12),
         "Header": (9, False, 0), "Footer": (9, False, 0)}


def _plain_font(rpr) -> None:
    """Drop theme fonts, colours and language overrides so the style's own settings apply."""
    for tag in ("w:rFonts", "w:color", "w:lang"):
        for element in rpr.findall(qn(tag)):
            rpr.remove(element)
    fonts = OxmlElement("w:rFonts")
    for attribute in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attribute), FONT)
    rpr.insert(0, fonts)


def build() -> bytes:
    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(2.54))
    section.header_distance = section.footer_distance = Cm(1.25)

    defaults = document.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    _plain_font(defaults)
    lang = OxmlElement("w:lang")
    lang.set(qn("w:val"), "en-GB")
    lang.set(qn("w:eastAsia"), "en-GB")
    lang.set(qn("w:bidi"), "ar-SA")
    defaults.append(lang)
    spacing = document.styles.element.find(qn("w:docDefaults")).find(qn("w:pPrDefault")).find(qn("w:pPr"))
    for element in spacing.findall(qn("w:spacing")):
        spacing.remove(element)

    for style in document.styles:
        if style.type not in (WD_STYLE_TYPE.PARAGRAPH, WD_STYLE_TYPE.CHARACTER):
            continue
        rpr = style.element.get_or_add_rPr()
        _plain_font(rpr)
        style.font.color.rgb = RGBColor(0, 0, 0)
        if style.type is WD_STYLE_TYPE.PARAGRAPH and style.name in SIZES:
            size, bold, before = SIZES[style.name]
            style.font.size, style.font.bold, style.font.italic = Pt(size), bold, False
            fmt = style.paragraph_format
            fmt.space_before, fmt.space_after, fmt.line_spacing = Pt(before), Pt(6), 1.15
            ppr = style.element.get_or_add_pPr()
            for border in ppr.findall(qn("w:pBdr")):  # the Title's blue rule
                ppr.remove(border)
    document.styles["Title"].font.all_caps = False

    zoom = document.settings.element.find(qn("w:zoom"))
    zoom.attrib.pop(qn("w:val"), None)
    zoom.set(qn("w:percent"), "100")

    package = document.part.package
    for rels, unwanted in ((package.rels, RT.THUMBNAIL), (document.part.rels, "/stylesWithEffects")):
        for rel_id, rel in list(rels.items()):
            if rel.reltype.endswith(unwanted):
                rels.pop(rel_id)  # a part no relationship reaches is not saved
    for rel in package.rels.values():
        if rel.reltype == RT.EXTENDED_PROPERTIES:
            rel.target_part._blob = (rel.target_part.blob.replace(b"Microsoft Macintosh Word", b"redline")
                                     .replace(b"<Template>Normal.dotm</Template>", b"<Template/>"))

    core = document.core_properties
    core.author = core.last_modified_by = "redline"
    core.title = core.subject = core.keywords = core.comments = core.category = ""
    core.revision = 1
    core.created = core.modified = BUILT
    buffer = io.BytesIO()
    document.save(buffer)
    return fixed_zip(buffer.getvalue(), BUILT.isoformat())


if __name__ == "__main__":
    TARGET.write_bytes(build())
    print(f"wrote {TARGET}")
