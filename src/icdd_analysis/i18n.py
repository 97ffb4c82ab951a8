"""Report and plot strings in English and Indonesian (the project's translations)."""

from __future__ import annotations

from .errors import IcddError

LANGS = ("en", "id")

STRINGS: dict[str, dict[str, str]] = {
    "similarity": {"en": "Similarity", "id": "Kemiripan"},
    "baseline": {"en": "Earlier agenda", "id": "Agenda terdahulu"},
    "target": {"en": "Later agenda", "id": "Agenda berikutnya"},
    "continued": {"en": "continued", "id": "berlanjut"},
    "new": {"en": "new", "id": "baru"},
    "dropped": {"en": "dropped", "id": "ditinggalkan"},
    "absent": {"en": "absent", "id": "tidak ada"},
    "code": {"en": "Frame code", "id": "Kode kerangka"},
    "method": {"en": "Method", "id": "Metode"},
    "coder": {"en": "Coder", "id": "Pengode"},
    "continuity_title": {"en": "Continuity by frame code: {frame}", "id": "Keberlanjutan per kode kerangka: {frame}"},
    "agreement_title": {"en": "Agreement between coders (Cohen's kappa), frame {frame}",
                        "id": "Kesepakatan antarpengode (kappa Cohen), kerangka {frame}"},
    "heatmap_title": {"en": "{method}: {normalisation} similarity ({text_lang})", "id": "{method}: kemiripan {normalisation} ({text_lang})"},
    "raw": {"en": "raw", "id": "mentah"},
    "centred": {"en": "centred (z)", "id": "terpusat (z)"},
    "rank": {"en": "rank", "id": "peringkat"},
    "project_frame": {"en": "the project's own axis", "id": "sumbu buatan proyek ini"},
    "coding": {"en": "project coding", "id": "pengodean proyek"},
    "keywords": {"en": "keywords", "id": "kata kunci"},
    "tfidf": {"en": "TF-IDF", "id": "TF-IDF"},
    "embedding": {"en": "embeddings", "id": "embedding"},
    # overview report
    "overview_title": {"en": "Indonesia's digital-diplomacy conferences: an overview",
                       "id": "Konferensi diplomasi digital Indonesia: gambaran umum"},
    "overview_intro": {
        "en": "This report sets out what the sources say about {events}: when and where they met, what they produced, "
              "who took part, and how sure we are. Every fact carries its source (in brackets, listed at the end) and "
              "a confidence: high (two or more independent outlets, or an official Kemlu source), medium (one decent "
              "source) or low (a single blog or secondary source). Data: {data}.",
        "id": "Laporan ini merangkum apa yang dikatakan sumber tentang {events}: kapan dan di mana diselenggarakan, "
              "apa yang dihasilkan, siapa yang ikut, dan seberapa yakin kita. Setiap fakta disertai sumbernya (dalam "
              "kurung, didaftar di akhir) dan tingkat keyakinan: tinggi (dua media independen atau lebih, atau sumber "
              "resmi Kemlu), sedang (satu sumber yang layak) atau rendah (satu blog atau sumber sekunder). Data: {data}."},
    "timeline": {"en": "Timeline", "id": "Linimasa"},
    "timeline_note": {"en": "Kemlu's digital-diplomacy events as the sources record them; a conference's side events are "
                            "drawn on its line.",
                      "id": "Kegiatan diplomasi digital Kemlu sebagaimana dicatat sumber; kegiatan sampingan sebuah "
                            "konferensi digambar pada garisnya."},
    "events": {"en": "The events", "id": "Kegiatan"},
    "outcomes": {"en": "What each event produced", "id": "Apa yang dihasilkan setiap kegiatan"},
    "outcomes_note": {"en": "Neither the Jakarta Message nor the Bali Message has been found in full: what follows is what "
                            "press releases and reports say of them.",
                      "id": "Naskah lengkap Jakarta Message maupun Bali Message belum ditemukan: yang berikut adalah apa "
                            "yang dikatakan siaran pers dan berita tentang keduanya."},
    "countries": {"en": "Participating countries", "id": "Negara peserta"},
    "countries_note": {"en": "{both} countries took part in both; {left} only in {baseline}; {joined} only in {target}. "
                             "No source gives a reason for any change.",
                       "id": "{both} negara ikut dalam keduanya; {left} hanya dalam {baseline}; {joined} hanya dalam "
                             "{target}. Tidak ada sumber yang menjelaskan alasan perubahan itu."},
    "agenda": {"en": "The agendas", "id": "Agenda"},
    "variants": {"en": "Where the sources disagree", "id": "Di mana sumber berbeda"},
    "variants_note": {"en": "Disagreements are kept as data, each with its source; the preferred value is marked.",
                      "id": "Perbedaan disimpan sebagai data, masing-masing dengan sumbernya; nilai yang dipilih ditandai."},
    "sources": {"en": "Sources", "id": "Sumber"},
    "both": {"en": "both", "id": "keduanya"},
    "only": {"en": "only {event}", "id": "hanya {event}"},
    "yes": {"en": "yes", "id": "ya"},
    "no": {"en": "no", "id": "tidak"},
    "unresolved": {"en": "unresolved", "id": "belum terselesaikan"},
    "unknown": {"en": "not found", "id": "tidak ditemukan"},
    "official": {"en": "official", "id": "resmi"},
    "press": {"en": "press", "id": "media"},
    "our_translation": {"en": "our translation", "id": "terjemahan kami"},
    "high": {"en": "high", "id": "tinggi"},
    "medium": {"en": "medium", "id": "sedang"},
    "low": {"en": "low", "id": "rendah"},
    # comparison report
    "compare_title": {"en": "From {baseline} to {target}: what carried over, what is new, what was dropped",
                      "id": "Dari {baseline} ke {target}: apa yang berlanjut, apa yang baru, apa yang ditinggalkan"},
    "compare_intro": {
        "en": "The later agenda ({target}: {target_kinds}) is compared with the earlier one ({baseline}: {baseline_kinds}) "
              "by {methods}, in {text_lang}, on the frame *{frame}*{own}. Each method answers independently; where they "
              "agree, the finding is firmer. Data: {data}.",
        "id": "Agenda berikutnya ({target}: {target_kinds}) dibandingkan dengan agenda terdahulu ({baseline}: "
              "{baseline_kinds}) dengan {methods}, dalam {text_lang}, pada kerangka *{frame}*{own}. Setiap metode menjawab "
              "sendiri-sendiri; di mana mereka sepakat, temuannya lebih kuat. Data: {data}."},
    "items_compared": {"en": "The items compared", "id": "Butir yang dibandingkan"},
    "similarity_heading": {"en": "How similar is each later item to each earlier one?",
                           "id": "Seberapa mirip setiap butir berikutnya dengan setiap butir terdahulu?"},
    "similarity_note": {
        "en": "Rows are the later items, columns the earlier ones. Project coding and keywords compare the sets of frame "
              "codes (Jaccard index); TF-IDF compares shared words; embeddings compare meaning, and their raw cosines are "
              "squeezed into a narrow band, so they are shown centred (z-scores): read the order, not the size.",
        "id": "Baris adalah butir berikutnya, kolom butir terdahulu. Pengodean proyek dan kata kunci membandingkan himpunan "
              "kode kerangka (indeks Jaccard); TF-IDF membandingkan kata yang sama; embedding membandingkan makna, dan "
              "kosinus mentahnya terjepit di rentang sempit, sehingga ditampilkan terpusat (skor z): bacalah urutannya, "
              "bukan besarnya."},
    "links_heading": {"en": "The closest earlier item for each later item", "id": "Butir terdahulu terdekat bagi setiap butir berikutnya"},
    "continuity_heading": {"en": "Continued, new and dropped, by frame code", "id": "Berlanjut, baru dan ditinggalkan, per kode kerangka"},
    "agreement_heading": {"en": "Do the methods agree with the project coding?", "id": "Apakah metode-metode sepakat dengan pengodean proyek?"},
    "agreement_note": {
        "en": "Each method is treated as one more coder and scored against the project coding over every item x code cell "
              "that any coder used. Kappa and alpha correct for chance; Gwet's AC1 stays stable when most cells are empty. "
              "The keyword lists and the coding come from the same project, so their agreement is not independent evidence.",
        "id": "Setiap metode diperlakukan sebagai satu pengode lagi dan dinilai terhadap pengodean proyek pada setiap sel "
              "butir x kode yang dipakai pengode mana pun. Kappa dan alpha mengoreksi kebetulan; AC1 Gwet tetap stabil bila "
              "sebagian besar sel kosong. Daftar kata kunci dan pengodean berasal dari proyek yang sama, sehingga "
              "kesepakatan keduanya bukan bukti independen."},
    "robustness_heading": {"en": "Which claims survive across methods and languages?",
                           "id": "Klaim mana yang bertahan di berbagai metode dan bahasa?"},
    "robustness_note": {
        "en": "Each claim of the project coding, with the share of {n} specifications (method x language x unit x "
              "normalisation x top-k) in which it holds.",
        "id": "Setiap klaim pengodean proyek, dengan proporsi dari {n} spesifikasi (metode x bahasa x unit x normalisasi "
              "x top-k) yang mendukungnya."},
    "permutation_note": {
        "en": "What chance gives: the same items re-split at random between the two events {n} times. A p-value is the "
              "share of random splits that look at least as continuous as the real one; with eight items, large "
              "p-values are expected and say that the data cannot tell continuity from chance. A value within 1e-9 "
              "of the observed one counts as equal.",
        "id": "Apa yang diberikan kebetulan: butir yang sama dibagi ulang secara acak ke dua kegiatan sebanyak {n} kali. "
              "Nilai p adalah proporsi pembagian acak yang tampak sama berkelanjutannya atau lebih dari yang sebenarnya; "
              "dengan delapan butir, nilai p besar wajar dan berarti data tidak dapat membedakan keberlanjutan dari kebetulan. "
              "Nilai dalam selisih 1e-9 dari nilai teramati dihitung sama."},
    "limits_heading": {"en": "What this does not show", "id": "Apa yang tidak ditunjukkan"},
    "limits": {
        "en": "- **Few items.** {n_items} short labels; confidence intervals are wide and one changed word can flip a result.\n"
              "- **Press summaries, not full texts.** The full texts of the Jakarta Message and the Bali Message are not public.\n"
              "- **One coder.** The project coding is one documented coding (`project-2026`), not a gold standard; "
              "the frames are lenses, and the *function* axis is the project's own.\n"
              "- **Translations.** Where an English text is our translation, English-language results inherit our choices.",
        "id": "- **Sedikit butir.** {n_items} label pendek; selang kepercayaan lebar dan satu kata yang berubah dapat membalik hasil.\n"
              "- **Ringkasan media, bukan naskah lengkap.** Naskah lengkap Jakarta Message dan Bali Message tidak tersedia untuk umum.\n"
              "- **Satu pengode.** Pengodean proyek adalah satu pengodean terdokumentasi (`project-2026`), bukan standar "
              "emas; kerangka adalah lensa, dan sumbu *function* buatan proyek ini.\n"
              "- **Terjemahan.** Bila teks bahasa Inggris adalah terjemahan kami, hasil dalam bahasa Inggris mewarisi pilihan kami."},
    "summary_heading": {"en": "In short", "id": "Ringkasnya"},
    "lang_name_en": {"en": "English", "id": "bahasa Inggris"},
    "lang_name_id": {"en": "Indonesian", "id": "bahasa Indonesia"},
    "lang_name_both": {"en": "English and Indonesian", "id": "bahasa Inggris dan Indonesia"},
    "bundled_data": {"en": "the bundled data package", "id": "paket data bawaan"},
    "and": {"en": "and", "id": "dan"},
    "claim_continued": {"en": "{code} ({label}) continued", "id": "{code} ({label}) berlanjut"},
    "claim_new": {"en": "{code} ({label}) is new", "id": "{code} ({label}) baru"},
    "claim_dropped": {"en": "{code} ({label}) was dropped", "id": "{code} ({label}) ditinggalkan"},
    "claim_link": {"en": "{target} is closest to {baseline}", "id": "{target} paling dekat dengan {baseline}"},
    "share_of_specs": {"en": "share of specifications", "id": "proporsi spesifikasi"},
    "in_short": {
        "en": "By the project coding: continued {continued}; new {new}; dropped {dropped}. "
              "Of these claims, these hold in at least two thirds of the specifications: {firm}.",
        "id": "Menurut pengodean proyek: berlanjut {continued}; baru {new}; ditinggalkan {dropped}. "
              "Dari klaim-klaim ini, yang bertahan dalam sedikitnya dua pertiga spesifikasi: {firm}."},
    "continued_codes": {"en": "codes continued", "id": "kode berlanjut"},
    "mean_best_similarity": {"en": "mean best-match similarity", "id": "rerata kemiripan terbaik"},
    "none": {"en": "none", "id": "tidak ada"},
}


#: Table column headers in Indonesian (English headers are the keys themselves).
COLUMNS_ID = {
    "date": "tanggal", "event": "kegiatan", "place": "tempat", "confidence": "keyakinan", "sources": "sumber",
    "document": "dokumen", "what sources say": "apa kata sumber", "full text public": "naskah lengkap tersedia",
    "country": "negara", "kind": "jenis", "about": "perihal", "value": "nilai", "preferred": "dipilih",
    "item": "butir", "text": "teks", "claim": "klaim", "code": "kode", "label": "label", "method": "metode",
    "agreement": "kesepakatan", "items": "butir", "codes": "kode", "statistic": "statistik",
    "observed": "teramati", "field": "kolom", "null_mean": "rerata acak", "null_p95": "persentil 95 acak", "p_value": "nilai p",
}


def column(name: str, lang: str) -> str:
    """A table header in ``lang``."""
    return COLUMNS_ID.get(name, name) if check(lang) == "id" else name


def check(lang: str) -> str:
    if lang not in LANGS:
        raise IcddError(f"unknown report language {lang!r}; valid: {', '.join(LANGS)}.")
    return lang


def t(key: str, lang: str = "en", **values) -> str:
    """The string ``key`` in ``lang``, formatted with ``values``."""
    return STRINGS[key][check(lang)].format(**values)
