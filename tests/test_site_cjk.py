"""The example strategy with Chinese titles (theme.language zh), with long German ones (de) and in
French (fr), as Chromium draws it at 1280 and 390 px: the same geometry the English site is held to
(test_site_map, test_site_charts), and every estimate of text_measure.py at or above the width
Chromium measures for the text it draws (getComputedTextLength), in a real CJK font.

Without a CJK font Chromium draws boxes of its own width for each character, and nothing here
would be measured: the tests fail, never skip (CI installs Debian's fonts-wqy-zenhei)."""

from __future__ import annotations

import json
import re
import subprocess
import unicodedata
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from browsing import DESKTOP, PHONE, screenshot, served
from playwright.sync_api import Browser, Page
from sitebuild import build_site, copy_repository, set_language
from test_site_charts import CHARTS, GEOMETRY, SMALLEST_TEXT, chart_pages
from test_site_map import MEASURE, check_drawing

from sst_plugin.core.model.model import Model
from sst_plugin.core.read.config import Settings
from sst_plugin.core.render.text_measure import text_width
from sst_plugin.core.rules.check import check_tree

pytestmark = pytest.mark.slow  # builds two sites and opens a browser

VIEWPORTS = {"desktop": DESKTOP, "phone": PHONE}

# what a Chinese bakery would call its strategy: no spaces, full-width punctuation and brackets,
# numbers and a Latin place name inside, one emoji
CHINESE = {
    "goals/bakery-team.md": "六名面包师通过天然酵种工艺认证",
    "goals/catering-line.md": "把办公室餐饮做到每月 8,000 欧元",
    "goals/less-waste.md": "将未售出的面包减少到产量的 5 %",
    "goals/loyal-customers.md": "活跃会员顾客增长到 900 人（以会员卡计）",
    "goals/margin-2026.md": "毛利率提升到 63 %",
    "goals/revenue-2026.md": "月营业额增长到 75,000 欧元，成为本区第一的手工面包店",
    "goals/sourdough-quarter.md": "让有机酸面包占我们面包销量的四分之一，"
                                  "并在所有门店推广这款「明星产品」",
    "paths/catering-channel.md": "以办公室餐饮作为第二销售渠道",
    "paths/hero-sourdough.md": "把有机酸面包打造成我们的招牌产品",
    "paths/second-shop.md": "在 Presqu'île 开第二家门店",
    "battles/catering-offices.md": "拿下新建办公楼的早餐与午餐订单",
    "battles/sourdough-launch.md": "春季酸面包上市战役 🍞",
    "battles/winter-subscriptions.md": "冬季面包订阅：每周配送，按月付款，三个月内签下两百位订户",
    "tactics/bake-to-order.yaml": "根据订阅和餐饮订单安排夜班烘焙计划",
    "tactics/breakfast-platters.yaml": "办公室早餐与午餐拼盘",
    "tactics/cargo-bike-rounds.yaml": "早上 8:30 前完成两条货运自行车配送路线",
    "tactics/catering-order-form.yaml": "在线餐饮订购表单",
    "tactics/levain-training.yaml": "培训四名面包师掌握 36 小时天然酵种工艺",
    "tactics/loyalty-card-email.yaml": "通过电子邮件邀请会员卡顾客",
    "tactics/neighbourhood-flyers.yaml": "在门店周边 6,000 个信箱投放传单",
    "tactics/office-outreach.yaml": "联系新办公楼的行政经理（每栋楼至少拜访两次）",
    "tactics/organic-flour-contract.yaml": "与本地有机磨坊签订固定价格合同",
    "tactics/sourdough-shelf.yaml": "把酸面包摆在收银台旁与视线齐平的位置",
    "tactics/subscription-offer.yaml": "每周酸面包订阅，按月付款",
    "tactics/tasting-saturdays.yaml": "周六酸面包试吃活动",
    "tactics/till-offer.yaml": "在收银台推荐订阅服务",
    "kpis/bread-subscriptions.yaml": "活跃面包订阅",
    "kpis/catering-revenue.yaml": "每月餐饮收入",
    "kpis/gross-margin.yaml": "毛利率",
    "kpis/monthly-revenue.yaml": "月营业额",
    "kpis/repeat-customers.yaml": "活跃会员卡顾客",
    "kpis/sourdough-share.yaml": "酸面包占面包销量的比例",
    "kpis/trained-bakers.yaml": "通过天然酵种工艺认证的面包师",
    "kpis/waste-rate.yaml": "未售出的面包",
    "risks/catering-seasonality.yaml": "学校假期期间餐饮订单锐减",
    "risks/chain-opening.yaml": "全国连锁店的开业优惠吸走了法棍顾客",
    "risks/flour-price-spike.yaml": "有机面粉价格再次上涨",
    "risks/head-baker-leaves.yaml": "首席面包师离职或生病",
    "risks/oven-breakdown.yaml": "圣诞旺季层炉发生故障",
}
CHINESE_UNITS = {"bread-subscriptions": "份订阅", "catering-revenue": "欧元",
                 "monthly-revenue": "欧元", "repeat-customers": "位顾客",
                 "trained-bakers": "名面包师", "waste-rate": "% 产量"}

# German as a German bakery writes it: compounds that fill a line by themselves
GERMAN = {
    "goals/bakery-team.md": "Sechs Bäckerinnen und Bäcker im Sauerteigführungsverfahren "
                            "zertifizieren",
    "goals/catering-line.md": "Bürocateringumsatz auf 8.000 EUR monatlich steigern",
    "goals/less-waste.md": "Unverkaufte Brotmenge auf 5 % der Produktionsmenge senken",
    "goals/loyal-customers.md": "Aktive Kundenbindungsprogrammteilnehmende auf 900 erhöhen",
    "goals/margin-2026.md": "Bruttogewinnmarge auf 63 % anheben",
    "goals/revenue-2026.md": "Monatsumsatz auf 75.000 EUR steigern",
    "goals/sourdough-quarter.md": "Bio-Sauerteigbrot zu einem Viertel unseres Brotabsatzes "
                                  "machen",
    "paths/catering-channel.md": "Bürocatering als zweiter Vertriebskanal",
    "paths/hero-sourdough.md": "Bio-Sauerteigbrot als Leuchtturmprodukt",
    "paths/second-shop.md": "Zweite Filiale auf der Presqu'île",
    "battles/catering-offices.md": "Neubaubürogebäudeverwaltungsgesellschaften gewinnen",
    "battles/sourdough-launch.md": "Frühjahrssauerteigmarkteinführungskampagne",
    "battles/winter-subscriptions.md": "Winterbrotabonnementvertriebsoffensive",
    "tactics/bake-to-order.yaml": "Nachtbackplanung aus Abonnement- und Cateringbestellungen",
    "tactics/breakfast-platters.yaml": "Büro-Frühstücks- und Mittagessensplatten",
    "tactics/cargo-bike-rounds.yaml": "Zwei Lastenfahrradauslieferungsrunden vor 8:30 Uhr",
    "tactics/catering-order-form.yaml": "Online-Cateringbestellformular",
    "tactics/levain-training.yaml": "Vier Bäcker in der 36-Stunden-Sauerteigführung schulen",
    "tactics/loyalty-card-email.yaml": "Kundenkarteninhaberinnen per E-Mail einladen",
    "tactics/neighbourhood-flyers.yaml": "Handzettel in 6.000 Nachbarschaftsbriefkästen",
    "tactics/office-outreach.yaml": "Büroverwaltungsleitungen der Neubauten ansprechen",
    "tactics/organic-flour-contract.yaml": "Festpreisliefervertrag mit einer regionalen Biomühle",
    "tactics/sourdough-shelf.yaml": "Sauerteigbrot auf Augenhöhe neben der Kasse platzieren",
    "tactics/subscription-offer.yaml": "Wöchentliches Sauerteigbrotabonnement mit monatlicher "
                                       "Abrechnung",
    # soft hyphens where the writer allows the compound to break
    "tactics/tasting-saturdays.yaml": "Sauerteig\u00adverkostungs\u00adsamstage",
    "tactics/till-offer.yaml": "Abonnementangebot an der Kasse",
    "kpis/bread-subscriptions.yaml": "Aktive Brotabonnements",
    "kpis/catering-revenue.yaml": "Monatlicher Cateringumsatz",
    "kpis/gross-margin.yaml": "Bruttogewinnmarge",
    "kpis/monthly-revenue.yaml": "Monatsumsatz",
    "kpis/repeat-customers.yaml": "Aktive Kundenkarteninhaberinnen und -inhaber",
    "kpis/sourdough-share.yaml": "Sauerteiganteil am Brotabsatz",
    "kpis/trained-bakers.yaml": "Im Sauerteigführungsverfahren zertifizierte Bäcker",
    "kpis/waste-rate.yaml": "Unverkaufte Brotmenge",
    "risks/catering-seasonality.yaml": "Cateringbestellungen brechen in den Schulferien ein",
    "risks/chain-opening.yaml": "Eröffnungsangebote der Großbäckereikette locken "
                                "Baguettekundschaft ab",
    "risks/flour-price-spike.yaml": "Biomehlpreise steigen erneut",
    "risks/head-baker-leaves.yaml": "Backstubenleitung kündigt oder erkrankt",
    "risks/oven-breakdown.yaml": "Etagenbackofenausfall im Weihnachtsgeschäft",
}
GERMAN_UNITS = {"bread-subscriptions": "Abonnements", "repeat-customers": "Stammkundschaft",
                "trained-bakers": "Bäckerinnen und Bäcker", "waste-rate": "% der Produktionsmenge"}

# French keeps the bakery's titles: its interface words and dates (janv., aujourd'hui) are drawn
LANGUAGES = {"zh": (CHINESE, CHINESE_UNITS), "de": (GERMAN, GERMAN_UNITS), "fr": ({}, {})}

# each drawn text's width as Chromium lays it out, with the size and weight it is drawn at (a
# map title's lines are its tspans)
DRAWN_TEXT = """(selector) => {
  const found = [];
  for (const svg of document.querySelectorAll(selector)) {
    if (svg.getBoundingClientRect().width === 0) continue;
    for (const text of svg.querySelectorAll('text')) {
      const style = getComputedStyle(text), lines = [...text.querySelectorAll('tspan')];
      for (const line of (lines.length ? lines : [text]))
        found.push([line.textContent, parseFloat(style.fontSize), parseInt(style.fontWeight),
                    line.getComputedTextLength()]);
    }
  }
  return found;
}"""


def cjk_fonts() -> list[str]:
    listed = subprocess.run(["fc-list", ":lang=zh", "family"], capture_output=True, text=True,
                            check=False)
    return [line for line in listed.stdout.splitlines() if line.strip()]


def set_field(file: Path, key: str, value: str) -> None:
    """The first line `KEY: ...` of FILE (YAML or Markdown front matter) set to VALUE."""
    text = file.read_text(encoding="utf-8")
    found = re.search(rf"^{key}: .*$", text, flags=re.MULTILINE)
    assert found, f"{file.name} has no {key}"
    # a JSON string is a YAML double-quoted scalar: no colon or bracket can break it
    line = f"{key}: {json.dumps(value, ensure_ascii=False)}"
    file.write_text(text[: found.start()] + line + text[found.end():], encoding="utf-8")


def localized(root: Path, language: str) -> Path:
    """The example at ROOT with its titles and units in LANGUAGE, built under theme.language."""
    titles, units = LANGUAGES[language]
    strategy = root / "strategy"
    for name, title in titles.items():
        set_field(strategy / name, "title", title)
    for kpi, unit in units.items():
        set_field(strategy / "kpis" / f"{kpi}.yaml", "unit", unit)
    set_language(root, language)
    return root


@pytest.fixture(scope="module", params=list(LANGUAGES))
def site(request: pytest.FixtureRequest,
         tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, str, list[str], Model]]:
    """A localized example served locally: its language, URL, chart pages and model."""
    assert cjk_fonts(), "no CJK font for Chromium: apt-get install fonts-wqy-zenhei"
    language = str(request.param)
    root = localized(copy_repository(tmp_path_factory.mktemp(language)), language)
    built = build_site(root)
    model = check_tree(root, Settings()).model
    with served(built) as url:
        yield language, url, chart_pages(built), model


def test_a_cjk_font_is_installed_for_the_browser() -> None:
    assert cjk_fonts(), "no CJK font for Chromium: apt-get install fonts-wqy-zenhei"


def underestimated(page: Page, selector: str) -> list[str]:
    """The drawn texts Chromium lays out wider than text_measure estimates them."""
    wrong = []
    for text, size, weight, drawn in page.evaluate(DRAWN_TEXT, selector):
        estimate = text_width(text, size, bold=weight >= 600)
        if estimate < drawn - 0.01:
            wrong.append(f"{text!r} at {size} px, weight {weight}: estimated {estimate:.1f}, "
                         f"drawn {drawn:.1f}")
    return wrong


def page_width(page: Page) -> int:
    return int(page.evaluate("document.documentElement.scrollWidth"))


@pytest.mark.parametrize("device", list(VIEWPORTS))
def test_localized_titles_lay_out_inside_their_boxes_apart_and_measured_wide_enough(
        site: tuple[str, str, list[str], Model], browser: Browser, device: str) -> None:
    language, url, paths, model = site
    viewport = VIEWPORTS[device]
    assert "strategy/" in paths and "strategy/battles/" in paths
    assert sum(p.startswith("strategy/goals/") for p in paths) >= 7, paths
    problems: list[str] = []
    page = browser.new_page(viewport=viewport)  # type: ignore[arg-type]
    try:
        page.goto(url + "strategy/map/")
        assert page.evaluate("document.documentElement.lang") == language
        measured: dict[str, Any] = page.evaluate(MEASURE)
        check_drawing(measured, model)
        assert measured["smallest"] >= SMALLEST_TEXT, f"map text at {measured['smallest']} px"
        problems += [f"/strategy/map/: {p}" for p in underestimated(page, "svg.sst-map")]
        if measured["pageWidth"] > viewport["width"]:
            problems.append(f"/strategy/map/ is {measured['pageWidth']} px wide")
        for path in paths:
            page.goto(url + path)
            charts = page.evaluate(GEOMETRY, [CHARTS, SMALLEST_TEXT])
            assert charts["drawn"] >= 1, path
            problems += [f"/{path}: {p}" for p in charts["problems"]]
            problems += [f"/{path}: {p}" for p in underestimated(page, CHARTS)]
            if page_width(page) > viewport["width"]:
                problems.append(f"/{path} is {page_width(page)} px wide")
    finally:
        page.close()
    assert not problems, "\n".join(problems)


# the scripts and signs a strategy may hold, in blocks: Latin, Greek, Cyrillic, punctuation,
# currency, letterlike, arrows, maths, technical, enclosed, shapes, symbols and dingbats, CJK
# punctuation and kana, ideographs, Hangul, full-width forms, emoji
BLOCKS = ((0x20, 0x7E), (0xA0, 0x24F), (0x370, 0x3FF), (0x400, 0x4FF), (0x2000, 0x206F),
          (0x20A0, 0x20BF), (0x2100, 0x218F), (0x2190, 0x23FF), (0x2460, 0x27BF),
          (0x3000, 0x30FF), (0x4E00, 0x4EFF), (0xAC00, 0xAC7F), (0xFF00, 0xFFEF),
          (0x1F300, 0x1F64F))
FAMILIES = ("-apple-system, BlinkMacSystemFont, Helvetica, Arial, sans-serif",  # Material's
            "DejaVu Sans", "Liberation Sans")
# each character's advance at 100 px between two x's (a lone space or mark draws nothing)
ADVANCES = """([chars, family, weight]) => {
  document.body.innerHTML = '<svg width="2000" height="200"><text x="0" y="100"></text></svg>';
  const text = document.querySelector('text');
  Object.assign(text.style, {fontFamily: family, fontSize: '100px', fontWeight: weight});
  text.textContent = 'xx';
  const bare = text.getComputedTextLength();
  return chars.map(c => {
    text.textContent = 'x' + c + 'x';
    return text.getComputedTextLength() - bare;
  });
}"""


def test_every_character_is_estimated_at_least_as_wide_as_chromium_draws_it(
        browser: Browser) -> None:
    """Character by character, in Material's font stack, DejaVu Sans and Liberation Sans,
    regular and bold. Marks that draw over a letter are left out: alone, a fallback font
    draws them on a dotted circle; and Arabic, whose letters change shape with their place."""
    chars = [chr(point) for low, high in BLOCKS for point in range(low, high + 1)
             if unicodedata.category(chr(point)) not in ("Cn", "Cc", "Cs", "Co", "Mn", "Me")]
    assert len(chars) > 3_000
    page = browser.new_page()
    wrong = []
    try:
        for family in FAMILIES:
            for weight in (400, 700):
                advances = page.evaluate(ADVANCES, [chars, family, weight])
                wrong += [f"{char!r} (U+{ord(char):04X}) in {family} {weight}: {drawn:.1f} "
                          f"drawn, {text_width(char, 100, weight >= 600):.1f} estimated"
                          for char, drawn in zip(chars, advances, strict=True)
                          if text_width(char, 100, weight >= 600) < drawn - 0.5]
    finally:
        page.close()
    assert not wrong, "\n".join(wrong)


def test_screenshots_of_the_localized_overview_and_map(
        site: tuple[str, str, list[str], Model], browser: Browser) -> None:
    language, url, _, _ = site
    taken = []
    for device, viewport in VIEWPORTS.items():
        page = browser.new_page(viewport=viewport)  # type: ignore[arg-type]
        for name, path in (("overview", "strategy/"), ("map", "strategy/map/"),
                           ("battles", "strategy/battles/")):
            page.goto(url + path)
            taken.append(screenshot(page, f"cjk-{language}-{name}-{device}"))
        page.close()
    assert all(path.stat().st_size > 5_000 for path in taken)
