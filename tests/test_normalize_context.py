"""The whole Vietnamese pipeline on phrases taken verbatim from real official texts (Lạng Sơn
and Hà Nội plans and notices on human rights)."""

from __future__ import annotations

import pytest

from studio.speech.normalize import normalize, spoken_form
from studio.speech.normalize.lexicon import load_lexicon

Y2022 = "hai nghìn không trăm hai mươi hai"
Y2023 = "hai nghìn không trăm hai mươi ba"
Y2024 = "hai nghìn không trăm hai mươi tư"

CASES = [
    ("Ngày 03/9/2023, UBND tỉnh đã ban hành Kế hoạch số 180/KH-UBND",
     f"Ngày ba tháng chín năm {Y2023}, Ủy ban nhân dân tỉnh đã ban hành Kế hoạch số một trăm "
     "tám mươi của Ủy ban nhân dân"),
    ("LẦN THỨ XVII, NHIỆM KỲ 2020 - 2025",
     "LẦN THỨ mười bảy, NHIỆM KỲ hai nghìn không trăm hai mươi đến hai nghìn không trăm hai "
     "mươi lăm"),
    ("07 công ước quốc tế cơ bản", "bảy công ước quốc tế cơ bản"),
    ("100% cán bộ làm công tác quyền con người",
     "một trăm phần trăm cán bộ làm công tác quyền con người"),
    ("Quyết định số 1079/QĐ-TTg ngày 14/9/2022 của Thủ tướng Chính phủ",
     f"Quyết định số một nghìn không trăm bảy mươi chín ngày mười bốn tháng chín năm {Y2022} "
     "của Thủ tướng Chính phủ"),
    ("Kế hoạch số 260/KH-UBND ngày 27/12/2022 của UBND tỉnh",
     f"Kế hoạch số hai trăm sáu mươi ngày hai mươi bảy tháng mười hai năm {Y2022} của Ủy ban "
     "nhân dân tỉnh"),
    ("Văn bản số 1758/STTTT-TTBCXB gửi các Sở, ban, ngành",
     "Văn bản số một nghìn bảy trăm năm mươi tám Sở Thông tin và Truyền thông thông tin báo "
     "chí xuất bản gửi các Sở, ban, ngành"),
    ("Công văn số 20/CV-BCĐNQ ngày 05 tháng 9 năm 2023 Ban Chỉ đạo Nhân quyền tỉnh",
     f"Công văn số hai mươi của Ban Chỉ đạo Nhân quyền ngày năm tháng chín năm {Y2023} Ban "
     "Chỉ đạo Nhân quyền tỉnh"),
    ("lần thứ 5 (diễn ra vào tháng 11/2023).",
     f"lần thứ năm, diễn ra vào tháng mười một năm {Y2023}."),
    # the acronym in brackets repeats the name just read: it is not read again
    ("Công ước về chống phân biệt chủng tộc (CERD)", "Công ước về chống phân biệt chủng tộc"),
    ("(UPR) chu kỳ IV của Hội đồng Nhân quyền", "u pê rờ, chu kỳ bốn của Hội đồng Nhân quyền"),
    ("nhiệm kỳ 2023-2205; thực hiện Kế hoạch 75 năm Ngày Nhân quyền thế giới "
     "(10/12/1948-10/12/2023).",
     f"nhiệm kỳ {Y2023} đến hai nghìn hai trăm linh năm; thực hiện Kế hoạch bảy mươi lăm năm "
     "Ngày Nhân quyền thế giới, ngày mười tháng mười hai năm một nghìn chín trăm bốn mươi tám "
     f"đến ngày mười tháng mười hai năm {Y2023}."),
    ("www.nhanquyenvn.org và 02 fanpage", "www chấm nhanquyenvn chấm org và hai fanpage"),
    ("tình hình nhân quyền Việt Nam và địa phương./.",
     "tình hình nhân quyền Việt Nam và địa phương."),
    ("Thứ hai, Ngày 24/06/2024 -", f"Thứ hai, Ngày hai mươi tư tháng sáu năm {Y2024}"),
    ("Ngày đăng: 19/09/2023  07:35",
     f"Ngày đăng: mười chín tháng chín năm {Y2023} bảy giờ ba mươi lăm phút"),
    ("Ngày 18/9, Sở Thông tin và Truyền thông",
     "Ngày mười tám tháng chín, Sở Thông tin và Truyền thông"),
    ("Ủy ban nhân dân các huyện, thành phố", "Ủy ban nhân dân các huyện, thành phố"),
    ("Kế hoạch sẽ triển khai truyền thông 07 nội dung",
     "Kế hoạch sẽ triển khai truyền thông bảy nội dung"),
    ("(1) Công ước về các Quyền Dân sự và Chính trị; (2) Công ước",
     "một, Công ước về các Quyền Dân sự và Chính trị; hai, Công ước"),
    ("(7) Công ước Chống tra tấn", "bảy, Công ước Chống tra tấn"),
    ("Đình Lập, ngày tháng 4 năm 2024", f"Đình Lập, ngày tháng tư năm {Y2024}"),
    ("Số: /KH-UBND", "Số: kế hoạch của Ủy ban nhân dân"),
    ("Đề án “Truyền thông về quyền con người ở Việt Nam giai đoạn 2023 - 2028” năm 2024",
     f"Đề án Truyền thông về quyền con người ở Việt Nam giai đoạn {Y2023} đến hai nghìn không "
     f"trăm hai mươi tám năm {Y2024}"),
    ("Căn cứ Kế hoạch số 68/KH-STP của Sở Tư pháp ngày 05/4/2024",
     f"Căn cứ Kế hoạch số sáu mươi tám của Sở Tư pháp ngày năm tháng tư năm {Y2024}"),
    ("UBND huyện xây dựng Kế hoạch triển khai thực hiện như sau:",
     "Ủy ban nhân dân huyện xây dựng Kế hoạch triển khai thực hiện như sau"),
    ("I. MỤC ĐÍCH, YÊU CẦU", "một. MỤC ĐÍCH, YÊU CẦU"),
    ("1. Mục đích", "một. Mục đích"),
    ("Công văn số 5768/BTTTT-TTĐN ngày 28/11/2022 của Bộ Thông tin và Truyền thông",
     f"Công văn số năm nghìn bảy trăm sáu mươi tám ngày hai mươi tám tháng mười một năm "
     f"{Y2022} của Bộ Thông tin và Truyền thông"),
    ("các chương trình đề án khác về PBGDPL",
     "các chương trình đề án khác về phổ biến, giáo dục pháp luật"),
    ("II. NỘI DUNG THỰC HIỆN", "hai. NỘI DUNG THỰC HIỆN"),
    ("1.1. Nội dung phổ biến", "một chấm một. Nội dung phổ biến"),
    ("1.2. Các hoạt động thực hiện", "một chấm hai. Các hoạt động thực hiện"),
    ("(Gửi kèm nội dung 7 công ước làm tài liệu tuyên truyền)",
     "Gửi kèm nội dung bảy công ước làm tài liệu tuyên truyền"),
    ("Hội đồng phối hợp PBGDPL huyện", "Hội đồng phối hợp phổ biến, giáo dục pháp luật huyện"),
    ("trên sóng phát thanh - truyền hình huyện", "trên sóng phát thanh, truyền hình huyện"),
    ("III. KINH PHÍ THỰC HIỆN", "ba. KINH PHÍ THỰC HIỆN"),
    ("kinh phí PBGDPL đã được cấp cho Phòng Tư pháp năm 2024",
     f"kinh phí phổ biến, giáo dục pháp luật đã được cấp cho Phòng Tư pháp năm {Y2024}"),
    ("IV. TỔ CHỨC THỰC HIỆN", "bốn. TỔ CHỨC THỰC HIỆN"),
    ("3. UBND các xã, thị trấn", "ba. Ủy ban nhân dân các xã, thị trấn"),
    ("Sở Tư pháp (B/c);", "Sở Tư pháp, báo cáo"),
    ("Chủ tịch, PCT UBND huyện;", "Chủ tịch, Phó Chủ tịch Ủy ban nhân dân huyện"),
    ("UBMTTQVN huyện, tổ chức chính trị-xã hội huyện;",
     "Ủy ban Mặt trận Tổ quốc Việt Nam huyện, tổ chức chính trị xã hội huyện"),
    ("Trang TTĐT huyện;", "Trang thông tin điện tử huyện"),
    ("Lưu: VT.", "Lưu: văn thư."),
    ("KT. CHỦ TỊCH", "ký thay CHỦ TỊCH"),
    ("TM. ỦY BAN NHÂN DÂN", "thay mặt ỦY BAN NHÂN DÂN"),
    ("đến năm 2028 có 100% cơ quan hành chính nhà nước",
     "đến năm hai nghìn không trăm hai mươi tám có một trăm phần trăm cơ quan hành chính nhà "
     "nước"),
    ("Ảnh: Tá Chuyên/TTXVN", "Ảnh: Tá Chuyên Thông tấn xã Việt Nam"),
    ("70% cán bộ chủ chốt của các tổ chức chính trị – xã hội",
     "bảy mươi phần trăm cán bộ chủ chốt của các tổ chức chính trị, xã hội"),
    ("Khuyến nghị số 63 (Thúc đẩy sự đóng góp",
     "Khuyến nghị số sáu mươi ba, Thúc đẩy sự đóng góp"),
    ("khuyến nghị số 67 (Theo đuổi", "khuyến nghị số sáu mươi bảy, Theo đuổi"),
    ("khuyến nghị số 86 (Tiếp tục", "khuyến nghị số tám mươi sáu, Tiếp tục"),
    ("Hội đồng Nhân quyền Liên Hợp quốc chu kỳ III.",
     "Hội đồng Nhân quyền Liên Hợp quốc chu kỳ ba."),
    ("Hà Nội: Đa dạng hình thức truyền thông về quyền con người (laodongthudo.vn)",
     "Hà Nội: Đa dạng hình thức truyền thông về quyền con người, laodongthudo chấm vn"),
    ("trên cả 3 nội dung chính", "trên cả ba nội dung chính"),
    ("trong 40 năm đổi mới", "trong bốn mươi năm đổi mới"),
    ("Hội đồng Nhân quyền Liên hợp quốc (2023 - 2025)",
     f"Hội đồng Nhân quyền Liên hợp quốc, {Y2023} đến hai nghìn không trăm hai mươi lăm"),
    ("Liên hợp quốc 2026 - 2028.",
     "Liên hợp quốc hai nghìn không trăm hai mươi sáu đến hai nghìn không trăm hai mươi tám."),
    ("Ngày Nhân quyền thế giới hằng năm (10/12).",
     "Ngày Nhân quyền thế giới hằng năm, ngày mười tháng mười hai."),
    ("hoàn thành trong năm 2026.", "hoàn thành trong năm hai nghìn không trăm hai mươi sáu."),
    ("tuyên truyền cổ động trực quan (Băng rôn, pano, màn hình LED...).",
     "tuyên truyền cổ động trực quan, Băng rôn, pano, màn hình lét."),
    ("Báo và PTTH Lạng Sơn;", "Báo và phát thanh truyền hình Lạng Sơn"),
    ("Lưu: VT, KGVX_(TB).", "Lưu: văn thư, khoa giáo văn xã, thông báo."),
    ("ngày 05 tháng 9 năm 2023", f"ngày năm tháng chín năm {Y2023}"),
    ("Thực hiện Quyết định số 1079/QĐ-TTg ngày 14/9/2022",
     f"Thực hiện Quyết định số một nghìn không trăm bảy mươi chín của Thủ tướng ngày mười bốn "
     f"tháng chín năm {Y2022}"),
]


@pytest.mark.parametrize("written, spoken", CASES, ids=[c[0][:40] for c in CASES])
def test_context_phrase_reads_right(written, spoken):
    assert normalize(written, "vi") == spoken


@pytest.mark.parametrize("written, spoken", [
    # the issue's own examples, and cases not in the texts above
    ("Kế hoạch số 180/KH-UBND ngày 03/9/2023",
     f"Kế hoạch số một trăm tám mươi của Ủy ban nhân dân ngày ba tháng chín năm {Y2023}"),
    ("ngày 10/12", "ngày mười tháng mười hai"),
    ("Dân số 1.000.000 người, tăng 7,5% so với năm trước",
     "Dân số một triệu người, tăng bảy phẩy năm phần trăm so với năm trước"),
    ("Họp lúc 7h30 ngày 10/12/2026 tại TP. Lạng Sơn",
     "Họp lúc bảy giờ ba mươi phút ngày mười tháng mười hai năm hai nghìn không trăm hai mươi "
     "sáu tại thành phố Lạng Sơn"),
    ("Thế kỷ XXI, quý IV, khóa XV", "Thế kỷ hai mươi mốt, quý bốn, khóa mười lăm"),
    ("Cấp 2.500 thẻ BHYT, 15.000 CCCD; tập huấn PCCC cho 105 hộ",
     "Cấp hai nghìn năm trăm thẻ bảo hiểm y tế, mười lăm nghìn căn cước công dân; tập huấn "
     "phòng cháy chữa cháy cho một trăm linh năm hộ"),
    ("HĐND và MTTQ xã họp từ 8h - 11h30",
     "Hội đồng nhân dân và Mặt trận Tổ quốc xã họp từ tám giờ đến mười một giờ ba mươi phút"),
    ("hỗ trợ 21 tỷ đồng cho 24 xã", "hỗ trợ hai mươi mốt tỷ đồng cho hai mươi tư xã"),
    ("Nghị định 13/2023/NĐ-CP", f"Nghị định mười ba năm {Y2023} của Chính phủ"),
    ("kỷ niệm 30/4 và 2/9", "kỷ niệm ngày ba mươi tháng tư và ngày hai tháng chín"),
])
def test_more_cases_read_right(written, spoken):
    assert normalize(written, "vi") == spoken


def test_english_is_basic_and_chinese_passes_through():
    assert spoken_form("Plan 2023 - 2028: 100% of staff & UN", "en", load_lexicon("en")) == \
        "Plan 2023 to 2028: 100 percent of staff and United Nations"
    assert spoken_form("人权  日 2023", "zh") == "人权 日 2023"
    assert spoken_form("Pù  Mát", "tay") == "Pù Mát"


def test_project_lexicon_overrides_and_extends(project):
    project.lexicon("# own words\nUBND\tủy ban\nHTXNN\thợp tác xã nông nghiệp\n")
    assert normalize("UBND xã và HTXNN, BHYT", "vi", project.root) == \
        "ủy ban xã và hợp tác xã nông nghiệp, bảo hiểm y tế"
