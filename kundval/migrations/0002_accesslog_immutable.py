"""The access log cannot be changed or deleted, whatever code runs (docs/domain.md §8)."""

from django.db import migrations

FORBID = """
CREATE FUNCTION kundval_accesslog_forbid_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'the access log cannot be changed or deleted';
END
$$;
CREATE TRIGGER kundval_accesslog_immutable
    BEFORE UPDATE OR DELETE ON kundval_accesslog
    FOR EACH ROW EXECUTE FUNCTION kundval_accesslog_forbid_change();
"""

ALLOW = """
DROP TRIGGER kundval_accesslog_immutable ON kundval_accesslog;
DROP FUNCTION kundval_accesslog_forbid_change();
"""


class Migration(migrations.Migration):
    dependencies = [("kundval", "0001_initial")]
    operations = [migrations.RunSQL(FORBID, ALLOW)]
