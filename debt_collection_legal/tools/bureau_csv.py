"""The CSV file of a credit bureau: our documented columns, then the bureau's own."""

import csv
import io

# Our own columns, in this order, in every file (README, "Credit-bureau reporting")
OUR_COLUMNS = [
    "record_type",  # A: new report, M: update, B: withdrawal
    "member_code",
    "debtor_ref",
    "debtor_name",
    "debtor_tax_id",
    "debtor_country",
    "debtor_street",
    "debtor_zip",
    "debtor_city",
    "case_refs",
    "date_due",
    "amount",
    "currency",
    "date_reported",
    "date_paid",
    "withdraw_reason",
    "record_ends",
]
RECORD_TYPES = {"report": "A", "update": "M", "withdraw": "B"}
# The columns each bureau's onboarding asks for, after ours (names as the bureau spells them);
# each is filled from one of our columns. To confirm against the bureau's current layout.
BUREAU_COLUMNS = {
    "asnef": [
        ("CODIGO_ENTIDAD", "member_code"),
        ("NIF", "debtor_tax_id"),
        ("FECHA_PRIMER_IMPAGO", "date_due"),
        ("IMPORTE_IMPAGADO", "amount"),
        ("TIPO_MOVIMIENTO", "record_type"),
    ],
    "badexcug": [
        ("COD_SOCIO", "member_code"),
        ("DOCUMENTO", "debtor_tax_id"),
        ("FECHA_VENCIMIENTO", "date_due"),
        ("SALDO_IMPAGADO", "amount"),
        ("SITUACION", "record_type"),
    ],
    "crif": [
        ("CODICE_ADERENTE", "member_code"),
        ("CODICE_FISCALE", "debtor_tax_id"),
        ("DATA_SCADENZA", "date_due"),
        ("IMPORTO_INSOLUTO", "amount"),
        ("TIPO_SEGNALAZIONE", "record_type"),
    ],
    "experian_it": [
        ("CODICE_PARTECIPANTE", "member_code"),
        ("CODICE_FISCALE", "debtor_tax_id"),
        ("DATA_SCADENZA", "date_due"),
        ("IMPORTO_SCADUTO", "amount"),
        ("STATO", "record_type"),
    ],
    "ctc": [
        ("CODICE_SOCIO", "member_code"),
        ("CODICE_FISCALE", "debtor_tax_id"),
        ("DATA_SCADENZA", "date_due"),
        ("IMPORTO", "amount"),
        ("TIPO", "record_type"),
    ],
    "datacredito": [
        ("CODIGO_SUSCRIPTOR", "member_code"),
        ("NUMERO_IDENTIFICACION", "debtor_tax_id"),
        ("FECHA_VENCIMIENTO", "date_due"),
        ("VALOR_MORA", "amount"),
        ("FECHA_PAGO", "date_paid"),
        ("NOVEDAD", "record_type"),
    ],
    "transunion_co": [
        ("CODIGO_SUSCRIPTOR", "member_code"),
        ("NUMERO_IDENTIFICACION", "debtor_tax_id"),
        ("FECHA_VENCIMIENTO", "date_due"),
        ("SALDO_MORA", "amount"),
        ("FECHA_PAGO", "date_paid"),
        ("NOVEDAD", "record_type"),
    ],
    "buro": [
        ("CLAVE_OTORGANTE", "member_code"),
        ("RFC", "debtor_tax_id"),
        ("FECHA_PRIMER_INCUMPLIMIENTO", "date_due"),
        ("SALDO_VENCIDO", "amount"),
        ("FECHA_CIERRE", "date_paid"),
    ],
    "circulo": [
        ("CLAVE_OTORGANTE", "member_code"),
        ("RFC", "debtor_tax_id"),
        ("FECHA_PRIMER_INCUMPLIMIENTO", "date_due"),
        ("SALDO_VENCIDO", "amount"),
        ("FECHA_CIERRE", "date_paid"),
    ],
    "generic": [],
}


def header(file_format):
    return OUR_COLUMNS + [name for name, _source in BUREAU_COLUMNS.get(file_format, [])]


def build_csv(file_format, rows):
    """The file's bytes (UTF-8, ``;``-separated, one header line) for ``rows``: dicts keyed
    by OUR_COLUMNS with values already as text."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(header(file_format))
    extra = BUREAU_COLUMNS.get(file_format, [])
    for row in rows:
        writer.writerow(
            [row.get(col, "") for col in OUR_COLUMNS] + [row.get(s, "") for _n, s in extra]
        )
    return out.getvalue().encode("utf-8")
