"""Realistic learner questions and the lesson (slug) that answers each; some typed without diacritics, some
with typos or chat abbreviations, as commune officials type them on a phone."""

#: (question, slugs of the lessons that answer it)
QUESTIONS: list[tuple[str, set[str]]] = [
    ("cách tạo chữ ký số", {"chu-ky-so", "chu-ky-so-tren-van-ban"}),
    ("chuyen doi so la gi", {"chuyen-doi-so-la-gi"}),
    ("Nghị quyết 57 nói gì về khoa học công nghệ?", {"nghi-quyet-57-va-de-an-06"}),
    ("đề án 06 là gì", {"nghi-quyet-57-va-de-an-06"}),
    ("chính quyền địa phương hai cấp thì xã làm những việc gì", {"chinh-quyen-hai-cap-va-xa-so"}),
    ("binh dan hoc vu so la phong trao gi", {"binh-dan-hoc-vu-so-va-chi-thi-14"}),
    ("Chỉ thị 14 yêu cầu cán bộ phải làm gì đến năm 2026", {"binh-dan-hoc-vu-so-va-chi-thi-14"}),
    ("cách nén thư mục thành file zip để gửi", {"tep-va-thu-muc"}),
    ("dat ten tep the nao cho de tim", {"tep-va-thu-muc", "quan-ly-ho-so-tep-tin"}),
    ("cài ứng dụng trên điện thoại thế nào cho an toàn", {"cai-dat-ung-dung-va-cap-nhat"}),
    ("tai sao phai cap nhat phan mem thuong xuyen", {"cai-dat-ung-dung-va-cap-nhat"}),
    ("quét tài liệu thành PDF bằng điện thoại", {"phan-mem-van-phong-in-va-quet"}),
    ("tim kiem thong tin tren mang sao cho nhanh va dung", {"tim-kiem-thong-tin"}),
    ("làm sao nhận biết tin giả trên mạng xã hội", {"danh-gia-nguon-tin-tin-gia"}),
    ("sap xep luu tru ho so dien tu", {"quan-ly-ho-so-tep-tin"}),
    ("vẽ biểu đồ từ số liệu báo cáo", {"su-dung-du-lieu-co-ban", "bang-tinh-nhap-lieu-cong-thuc-bao-cao"}),
    ("viet thu dien tu cong vu can luu y gi", {"thu-dien-tu-cong-vu"}),
    ("hệ thống quản lý văn bản và điều hành dùng để làm gì", {"he-thong-quan-ly-van-ban"}),
    ("họp trực tuyến cần chuẩn bị những gì", {"hop-truc-tuyen-tai-lieu-dung-chung"}),
    ("the thuc van ban hanh chinh gom nhung gi", {"soan-thao-van-ban-hanh-chinh"}),
    ("xuất văn bản ra file PDF", {"kieu-dinh-dang-bang-bieu-va-xuat-pdf"}),
    ("công thức tính tổng trong bảng tính", {"bang-tinh-nhap-lieu-cong-thuc-bao-cao"}),
    ("dùng ảnh trên mạng có vi phạm bản quyền không", {"ban-quyen-va-su-dung-noi-dung"}),
    ("mat khau manh la gi", {"mat-khau-manh-va-xac-thuc-hai-lop"}),
    ("bật xác thực hai lớp như thế nào", {"mat-khau-manh-va-xac-thuc-hai-lop"}),
    ("nhận được cuộc gọi giả danh công an đòi chuyển tiền thì làm gì", {"nhan-dien-lua-dao-truc-tuyen"}),
    ("bảo vệ dữ liệu cá nhân của người dân khi làm hồ sơ", {"bao-ve-du-lieu-ca-nhan"}),
    ("ngồi máy tính lâu bị mỏi mắt đau lưng", {"bao-ve-thiet-bi-va-suc-khoe"}),
    ("kich hoat tai khoan dinh danh dien tu muc 2", {"vneid-dinh-danh-dien-tu"}),
    ("tiếp nhận hồ sơ trực tuyến trên hệ thống một cửa", {"ho-so-truc-tuyen-mot-cua-dien-tu"}),
    ("nộp lệ phí trực tuyến bằng mã QR", {"thanh-toan-khong-dung-tien-mat"}),
    ("tri tue nhan tao la gi", {"ai-va-tro-ly-ai-la-gi"}),
    ("dùng trợ lý AI để tóm tắt văn bản dài", {"dung-tro-ly-ai-trong-cong-viec"}),
    ("ảo giác của AI là gì, kiểm chứng thế nào", {"ao-giac-va-kiem-chung"}),
    ("deepfake la gi", {"bao-ve-du-lieu-va-canh-giac-deepfake"}),
    # typos, "i" for "y", chat abbreviations
    ("chu ki so ca nhan va cua co quan khac nhau the nao", {"chu-ky-so"}),
    ("mat khua manh", {"mat-khau-manh-va-xac-thuc-hai-lop"}),
    ("lừa đảo qua mạg", {"nhan-dien-lua-dao-truc-tuyen"}),
    ("vneid dinh dah dien tu", {"vneid-dinh-danh-dien-tu"}),
    ("ky so van ban di tren he thong", {"chu-ky-so-tren-van-ban"}),
    ("thanh toan ko dung tien mat", {"thanh-toan-khong-dung-tien-mat"}),
    ("wifi cong cong co an toan ko", {"bao-ve-thiet-bi-va-suc-khoe"}),
    ("quen mk thu cong vu thi lam sao", {"thu-dien-tu-cong-vu", "mat-khau-manh-va-xac-thuc-hai-lop"}),
]

#: Questions the course does not answer.
OFF_TOPIC: list[str] = [
    "giá vàng hôm nay bao nhiêu",
    "cách nấu phở bò ngon",
    "đội bóng nào vô địch world cup 2022",
    "thoi tiet ngay mai co mua khong",
    "bài hát nào hay nhất năm nay",
]
