from django.apps import AppConfig


class AppointmentsConfig(AppConfig):
    name = "alongside.appointments"
    label = "appointments"
    verbose_name = "Appointments and reminders"
