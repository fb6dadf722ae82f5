"""Amounts in words for letters, agreements and legal notices.

One function, :func:`amount_to_words`, used by every document of the suite. num2words writes
the numbers; this module only adds what it gets wrong or leaves out when a number counts money:

* Spanish apocope before a masculine noun: "trescientos un euros", "veintiún mil euros"
  (num2words writes the bare numbers "trescientos uno", "veintiuno mil");
* "de"/"di" after a round million: "un millón de euros", "due milioni di euro";
* the currency's own unit names in the debtor's language, singular and plural: euro cents are
  "céntimos" in Spanish and "centesimi" in Italian, Latin-American pesos have "centavos";
* the accent of Italian compounds ending in -tre, which num2words sets only on some
  ("ventitré" but "cinquecentoventitre"): "cinquecentoventitré", "duemilaventitré";
* lower case throughout (Odoo's ``amount_to_text`` title-cases: "Setenta Y Tres").

Cents are written in words, "con cuarenta céntimos" / "e quaranta centesimi" / "and forty
cents", not as "40/100": the amount sits in a sentence addressed to the debtor, where words read
as the rest of the letter does and need no convention to be understood; written out in full,
cents are as hard to alter as the units are; and one form serves the three languages, whereas
the "/100" form is placed differently in each ("40/100 M.N." in Mexico, "milleduecento/40" in
Italy). An amount below one unit names only the cents ("cincuenta céntimos"), and a whole
amount no cents at all.

Languages other than Spanish, Italian and English fall back to English, and currencies
outside the table below to the currency's own labels in Odoo (or its ISO code): better plain
English than grammar nobody has checked.
"""

from decimal import ROUND_HALF_UP, Decimal

from num2words import num2words

# (singular, plural) of each currency's unit and hundredth, per language. Spanish units are
# all masculine here: the apocope ("un", "veintiún") is only right before a masculine noun.
_PESO_ES = (("peso", "pesos"), ("centavo", "centavos"))
_PESO_EN = (("peso", "pesos"), ("centavo", "centavos"))
CURRENCY_WORDS = {
    "es": {
        "EUR": (("euro", "euros"), ("céntimo", "céntimos")),
        "USD": (("dólar", "dólares"), ("centavo", "centavos")),
        "MXN": _PESO_ES,
        "COP": _PESO_ES,
        "ARS": _PESO_ES,
        "CLP": _PESO_ES,
        "UYU": _PESO_ES,
        "DOP": _PESO_ES,
        "CUP": _PESO_ES,
        "PEN": (("sol", "soles"), ("céntimo", "céntimos")),
        "BOB": (("boliviano", "bolivianos"), ("centavo", "centavos")),
        "GTQ": (("quetzal", "quetzales"), ("centavo", "centavos")),
        "CRC": (("colón", "colones"), ("céntimo", "céntimos")),
        "VES": (("bolívar", "bolívares"), ("céntimo", "céntimos")),
        "PYG": (("guaraní", "guaraníes"), ("céntimo", "céntimos")),
    },
    "it": {
        "EUR": (("euro", "euro"), ("centesimo", "centesimi")),
        "USD": (("dollaro", "dollari"), ("centesimo", "centesimi")),
        "CHF": (("franco", "franchi"), ("centesimo", "centesimi")),
    },
    "en": {
        "EUR": (("euro", "euros"), ("cent", "cents")),
        "USD": (("dollar", "dollars"), ("cent", "cents")),
        "GBP": (("pound", "pounds"), ("penny", "pence")),
        "CHF": (("franc", "francs"), ("centime", "centimes")),
        "MXN": _PESO_EN,
        "COP": _PESO_EN,
        "ARS": _PESO_EN,
        "CLP": _PESO_EN,
    },
}
# the word joining units and cents, the word before a negative amount
JOINERS = {"es": ("con", "menos"), "it": ("e", "meno"), "en": ("and", "minus")}
# hundredths of a currency outside the table, when only its ISO code is known
GENERIC_SUBUNIT = {
    "es": ("céntimo", "céntimos"),
    "it": ("centesimo", "centesimi"),
    "en": ("cent", "cents"),
}
# a round million takes "de"/"di" before the currency: "un millón de euros"
MILLIONS = {
    "es": ("de", {"millón", "millones", "billón", "billones"}),
    "it": ("di", {"milione", "milioni", "miliardo", "miliardi", "bilione", "bilioni"}),
}
# currencies without cents, for when only the ISO code is given
ZERO_DECIMAL_CODES = {"CLP", "PYG", "JPY", "KRW", "ISK", "VND"}


def amount_to_words(amount, currency, lang):
    """Return ``amount`` in words, lower case, as a debtor reads it in language ``lang``.

    :param amount: a number (float, int or Decimal); rounded to the currency's decimals
    :param currency: a ``res.currency`` record or an ISO 4217 code ("EUR", "MXN")
    :param lang: an Odoo language code ("es_ES", "es_MX", "it_IT", "en_US") or False
    :return: e.g. "trescientos un euros con cuarenta céntimos" for 301.40 EUR in es_ES
    """
    language = (lang or "en").split("_")[0].lower()
    if language not in JOINERS:
        language = "en"
    code, decimals = _currency_code_and_decimals(currency)
    label_lang = lang if lang and lang.split("_")[0].lower() == language else "en_US"
    unit, subunit = _currency_words(currency, code, language, label_lang)
    joiner, minus = JOINERS[language]

    value = Decimal(str(amount or 0)).quantize(
        Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP
    )
    negative = value < 0
    value = abs(value)
    units = int(value)
    cents = int((value - units).scaleb(decimals)) if decimals else 0

    parts = []
    if units or not cents:
        parts.append(_count(units, unit, language))
    if cents:
        parts.append(_count(cents, subunit, language))
    words = f" {joiner} ".join(parts)
    return f"{minus} {words}" if negative else words


def _currency_code_and_decimals(currency):
    if isinstance(currency, str):
        code = currency.upper()
        return code, 0 if code in ZERO_DECIMAL_CODES else 2
    currency.ensure_one()
    return currency.name, currency.decimal_places


def _currency_words(currency, code, language, label_lang):
    """(unit, subunit) names, each a (singular, plural) pair."""
    if code in CURRENCY_WORDS[language]:
        return CURRENCY_WORDS[language][code]
    if isinstance(currency, str):
        return (code, code), GENERIC_SUBUNIT[language]
    # Odoo's own labels, in the language asked for (they have no plural form)
    labels = currency.with_context(lang=label_lang)
    unit = (labels.currency_unit_label or code).lower()
    subunit = (labels.currency_subunit_label or "").lower()
    return (unit, unit), ((subunit, subunit) if subunit else GENERIC_SUBUNIT[language])


def _count(number, noun, language):
    """``number`` in words followed by ``noun`` (a (singular, plural) pair)."""
    words = num2words(number, lang=language).lower().split()
    if language == "es":
        # apocope before a masculine noun, or before "mil"/"millones" that precede it
        words = [{"uno": "un", "veintiuno": "veintiún"}.get(word, word) for word in words]
    elif language == "it":
        # a compound ending in -tre takes the accent; num2words sets it only on some
        # ("ventitré", yet "cinquecentoventitre", "duemilaventitre")
        words = [
            f"{word[:-3]}tré" if word.endswith("tre") and word != "tre" else word for word in words
        ]
        if words[-1] == "uno":
            words[-1] = "un"  # "un euro", "un centesimo"; "ventuno euro" stays
    if language in MILLIONS and words[-1] in MILLIONS[language][1]:
        words.append(MILLIONS[language][0])
    return " ".join([*words, noun[0] if number == 1 else noun[1]])
