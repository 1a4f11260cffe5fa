"""What the assistant tells the learner, by reason (shared by the page and the API)."""

from flask_babel import lazy_gettext as _l

REASON_MESSAGES = {
    "final_in_progress": _l(
        "Bạn đang làm bài kiểm tra cuối khóa. Trợ lý học tập tạm dừng cho đến khi bạn nộp bài hoặc hết giờ."
    ),
    "quiz_question": _l(
        "Câu hỏi này trùng với bài luyện tập bạn đang làm. Hãy tự trả lời trước; sau khi nộp bài, "
        "trợ lý sẽ giúp bạn xem lại nội dung."
    ),
    "no_answer": _l(
        "Nội dung khóa học chưa có câu trả lời cho câu hỏi này. Hãy thử hỏi cách khác, "
        "dùng từ ngắn gọn hơn (ví dụ: “chữ ký số”, “mật khẩu mạnh”)."
    ),
}

MODEL_MESSAGES = {
    "unavailable": _l("Trợ lý chưa soạn được câu trả lời lúc này; dưới đây là các đoạn bài học liên quan nhất."),
    "rate_limited": _l("Bạn đã hỏi nhiều trong một giờ qua nên trợ lý chỉ hiện các đoạn bài học liên quan nhất."),
}
