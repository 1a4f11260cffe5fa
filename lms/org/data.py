"""Lai Châu's units after 1/7/2025 (NQ 1670/NQ-UBTVQH15): 2 wards, 36 communes, provincial departments."""

PROVINCE = ("lai-chau", "Tỉnh Lai Châu")

WARDS = ["Tân Phong", "Đoàn Kết"]

COMMUNES = [
    "Mường Kim", "Khoen On", "Than Uyên", "Mường Than", "Pắc Ta", "Nậm Sỏ", "Tân Uyên", "Mường Khoa",
    "Bản Bo", "Bình Lư", "Tả Lèng", "Khun Há", "Sin Suối Hồ", "Phong Thổ", "Dào San", "Sì Lở Lầu",
    "Khổng Lào", "Bum Nưa", "Bum Tở", "Mường Tè", "Thu Lũm", "Pa Ủ", "Mù Cả", "Tà Tổng", "Tủa Sín Chải",
    "Sìn Hồ", "Hồng Thu", "Nậm Tăm", "Pu Sam Cáp", "Nậm Cuổi", "Nậm Mạ", "Lê Lợi", "Nậm Hàng",
    "Mường Mô", "Hua Bum", "Pa Tần",
]  # fmt: skip

#: Provincial departments (a typical post-2025 set) and the sub-units seeded under some of them.
DEPARTMENTS: dict[str, list[str]] = {
    "Văn phòng UBND tỉnh": ["Phòng Hành chính - Tổng hợp", "Trung tâm Phục vụ hành chính công tỉnh"],
    "Sở Nội vụ": ["Văn phòng Sở Nội vụ", "Phòng Công chức, viên chức", "Phòng Tổ chức, biên chế"],
    "Sở Tư pháp": ["Văn phòng Sở Tư pháp"],
    "Sở Tài chính": ["Văn phòng Sở Tài chính"],
    "Sở Công Thương": [],
    "Sở Nông nghiệp và Môi trường": ["Văn phòng Sở Nông nghiệp và Môi trường"],
    "Sở Xây dựng": [],
    "Sở Khoa học và Công nghệ": ["Trung tâm Chuyển đổi số"],
    "Sở Giáo dục và Đào tạo": [],
    "Sở Y tế": [],
    "Sở Văn hóa, Thể thao và Du lịch": [],
    "Sở Dân tộc và Tôn giáo": [],
    "Thanh tra tỉnh": [],
}
