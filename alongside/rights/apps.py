from django.apps import AppConfig


class RightsConfig(AppConfig):
    name = "alongside.rights"
    label = "rights"
    verbose_name = "Data rights"

    def ready(self):
        # The caseload keeps ended work apart; clients sits below rights, so it is handed
        # the model rather than importing it.
        from alongside.clients import caseload
        from alongside.rights.models import EndOfWork

        caseload.ends_of_work_are(EndOfWork.objects)
