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
              "a confidence that the value is true: high (two or more independent outlets, or an official Kemlu source), "
              "medium (one decent source, or several sources with small differences) or low (a single blog or "
              "secondary source, or a value known or likely to be wrong). Data: {data}.",
        "id": "Laporan ini merangkum apa yang dikatakan sumber tentang {events}: kapan dan di mana diselenggarakan, "
              "apa yang dihasilkan, siapa yang ikut, dan seberapa yakin kita. Setiap fakta disertai sumbernya (dalam "
              "kurung, dicantumkan di akhir) dan tingkat keyakinan bahwa nilainya benar: tinggi (dua media independen "
              "atau lebih, atau sumber resmi Kemlu), sedang (satu sumber yang layak, atau beberapa sumber dengan "
              "sedikit perbedaan) atau rendah (satu blog atau sumber sekunder, atau nilai yang diketahui atau "
              "kemungkinan besar keliru). Data: {data}."},
    "timeline": {"en": "Timeline", "id": "Linimasa"},
    "timeline_note": {"en": "Kemlu's digital-diplomacy events as the sources record them, one row per event: a "
                            "conference's side events have rows of their own.",
                      "id": "Kegiatan diplomasi digital Kemlu sebagaimana dicatat sumber, satu baris untuk setiap "
                            "kegiatan: kegiatan sampingan sebuah konferensi mendapat barisnya sendiri."},
    "events": {"en": "The events", "id": "Kegiatan"},
    "outcomes": {"en": "What each event produced", "id": "Apa yang dihasilkan setiap kegiatan"},
    "outcomes_note": {"en": "Neither the Jakarta Message nor the Bali Message has been found in full: what follows is what "
                            "press releases and reports say of them.",
                      "id": "Naskah lengkap Jakarta Message maupun Bali Message belum ditemukan: yang berikut adalah apa "
                            "yang dikatakan siaran pers dan berita tentang keduanya."},
    "countries": {"en": "Participating countries", "id": "Negara peserta"},
    "countries_note": {"en": "{both} countries are listed for both; {left} only for {baseline}; {joined} only for "
                             "{target}. The lists are as the sources give them: a list published before an event (as "
                             "ICDD 2021's was) names who was expected, not who came. No source gives a reason for any "
                             "change.",
                       "id": "{both} negara tercantum pada keduanya; {left} hanya pada {baseline}; {joined} hanya pada "
                             "{target}. Daftar ini sebagaimana diberikan sumber: daftar yang terbit sebelum suatu "
                             "kegiatan (seperti daftar ICDD 2021) menyebut siapa yang diharapkan hadir, bukan siapa yang "
                             "datang. Tidak ada sumber yang menjelaskan alasan perubahan itu."},
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
        "en": "The later agenda ({target}: {n_target} items, {target_kinds}; scope *{target_scope}*) is compared with the "
              "earlier one ({baseline}: {n_baseline} items, {baseline_kinds}; scope *{baseline_scope}*) by {methods}, in "
              "{text_lang}, on the frame *{frame}*{own}. Which items form each agenda is a choice, its scope: the "
              "robustness section repeats the comparison with other scopes. The methods check one another, but the "
              "keyword lists and the coding come from the same project, so their agreement is not independent "
              "confirmation. Data: {data}.",
        "id": "Agenda yang lebih baru ({target}: {n_target} butir, {target_kinds}; cakupan *{target_scope}*) dibandingkan "
              "dengan agenda terdahulu ({baseline}: {n_baseline} butir, {baseline_kinds}; cakupan *{baseline_scope}*) "
              "dengan {methods}, dalam {text_lang}, pada kerangka *{frame}*{own}. Butir mana yang membentuk setiap agenda "
              "adalah sebuah pilihan, yaitu cakupannya: bagian ketahanan mengulang perbandingan ini dengan cakupan lain. "
              "Metode-metode ini saling memeriksa, tetapi daftar kata kunci dan pengodean berasal dari proyek yang sama, "
              "sehingga kesepakatan keduanya bukan konfirmasi independen. Data: {data}."},
    "left_out": {"en": "Left out for lack of a text in {text_lang}: {items}.",
                 "id": "Tidak diikutkan karena tidak ada teksnya dalam {text_lang}: {items}."},
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
    "robustness_heading": {"en": "Which claims survive across methods, languages and scopes?",
                           "id": "Klaim mana yang bertahan di berbagai metode, bahasa dan cakupan?"},
    "robustness_note": {
        "en": "Each claim of the project coding (scope {reference}), with the share of the {n} specifications that ran "
              "(method x language x unit x normalisation x top-k, over {n_scopes} scopes of the items compared) in which "
              "it holds: over all scopes, then per scope (the number of specifications in brackets). † marks a scope "
              "under which the project coding itself does not make the claim. A claim is scope-dependent when the "
              "project coding's answer, or whether it holds in most specifications, changes with the scope.",
        "id": "Setiap klaim pengodean proyek (cakupan {reference}), dengan proporsi dari {n} spesifikasi yang dijalankan "
              "(metode x bahasa x unit x normalisasi x top-k, pada {n_scopes} cakupan butir yang dibandingkan) yang "
              "mendukungnya: untuk semua cakupan, lalu per cakupan (jumlah spesifikasi dalam kurung). Tanda † menandai "
              "cakupan yang di dalamnya pengodean proyek sendiri tidak membuat klaim itu. Sebuah klaim bergantung pada "
              "cakupan bila jawaban pengodean proyek, atau apakah klaim itu bertahan dalam sebagian besar spesifikasi, "
              "berubah menurut cakupannya."},
    "robustness_not_run": {
        "en": "{n} specifications could not run because some items of a scope have no text in that language; they "
              "are not counted in the shares.",
        "id": "{n} spesifikasi tidak dapat dijalankan karena sebagian butir dalam suatu cakupan tidak memiliki teks "
              "dalam bahasa itu; spesifikasi tersebut tidak dihitung dalam proporsi."},
    "all_scopes": {"en": "all scopes ({n})", "id": "semua cakupan ({n})"},
    "scope_dependent": {"en": "scope-dependent", "id": "bergantung pada cakupan"},
    "permutation_note": {
        "en": "What chance gives: the same items re-split at random between the two events {n} times. A p-value is the "
              "share of random splits that look at least as continuous as the real one; with {n_items} items, large "
              "p-values are expected and say that the data cannot tell continuity from chance. A value within 1e-9 "
              "of the observed one counts as equal.",
        "id": "Apa yang diberikan kebetulan: butir yang sama dibagi ulang secara acak ke dua kegiatan sebanyak {n} kali. "
              "Nilai p adalah proporsi pembagian acak yang tampak sama berkelanjutannya atau lebih dari yang sebenarnya; "
              "dengan {n_items} butir, nilai p besar wajar dan berarti data tidak dapat membedakan keberlanjutan dari kebetulan. "
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
    "in_short_intro": {
        "en": "By the project coding, {target} ({n_target} items: {target_scope}) compared with {baseline} ({n_baseline} "
              "items: {baseline_scope}): continued: {continued}; new: {new}; dropped: {dropped}. Each claim below names the "
              "items that carry its code, the lowest confidence of the texts it rests on, and the share of the {n} "
              "specifications in which it holds, over all scopes and per scope of the items compared.",
        "id": "Menurut pengodean proyek, {target} ({n_target} butir: {target_scope}) dibandingkan dengan {baseline} "
              "({n_baseline} butir: {baseline_scope}): berlanjut: {continued}; baru: {new}; ditinggalkan: {dropped}. Setiap "
              "klaim di bawah ini menyebutkan butir yang membawa kodenya, tingkat keyakinan terendah dari teks yang "
              "menjadi dasarnya, serta proporsi dari {n} spesifikasi yang mendukungnya, untuk semua cakupan dan per "
              "cakupan butir yang dibandingkan."},
    "only_through": {"en": "only through {items}", "id": "hanya melalui {items}"},
    "through": {"en": "through {items}", "id": "melalui {items}"},
    "item_support": {"en": "{item} ({field}, {level}{source})", "id": "{item} ({field}, {level}{source})"},
    "none_carries": {"en": "none of the {n} {event} items compared ({scope}) carries it",
                     "id": "tidak satu pun dari {n} butir {event} yang dibandingkan ({scope}) membawanya"},
    "lowest_confidence": {"en": "Lowest confidence of the texts it rests on: {level}.",
                          "id": "Tingkat keyakinan terendah dari teks yang menjadi dasarnya: {level}."},
    "holds_in": {"en": "It holds in {share} of {n} specifications ({detail}).",
                 "id": "Klaim ini bertahan dalam {share} dari {n} spesifikasi ({detail})."},
    "not_coded": {"en": "the project coding says otherwise", "id": "pengodean proyek berkata lain"},
    "scope_dependent_flag": {"en": "**Scope-dependent:** it changes with which items of each agenda are compared.",
                             "id": "**Bergantung pada cakupan:** klaim ini berubah menurut butir mana dari setiap agenda "
                                   "yang dibandingkan."},
    "weak_links": {"en": "The project coding's other closest-item links hold in fewer than two thirds of the "
                         "specifications: {links}.",
                   "id": "Tautan butir terdekat lain menurut pengodean proyek bertahan dalam kurang dari dua pertiga "
                         "spesifikasi: {links}."},
    "field_text_en": {"en": "English text", "id": "teks bahasa Inggris"},
    "field_text_id": {"en": "Indonesian text", "id": "teks bahasa Indonesia"},
    "field_description_en": {"en": "English description", "id": "deskripsi bahasa Inggris"},
    "field_description_id": {"en": "Indonesian description", "id": "deskripsi bahasa Indonesia"},
    "field_notes": {"en": "a cited source's words", "id": "kutipan dari sumber yang dirujuk"},
    "field_inferred": {"en": "{field} matched to it by inference", "id": "{field} yang dicocokkan dengannya secara inferensi"},
    "source_kind_news": {"en": "news", "id": "berita"},
    "source_kind_official": {"en": "official", "id": "resmi"},
    "source_kind_blog": {"en": "blog", "id": "blog"},
    "source_kind_reference": {"en": "reference work", "id": "karya rujukan"},
    "source_kind_academic": {"en": "academic", "id": "akademik"},
    "source_kind_project": {"en": "project", "id": "proyek"},
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
