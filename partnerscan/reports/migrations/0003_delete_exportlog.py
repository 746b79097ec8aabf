from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("reports", "0002_copy_export_log_into_audit_events")]

    operations = [migrations.DeleteModel(name="ExportLog")]
