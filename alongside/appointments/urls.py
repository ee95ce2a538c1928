from django.urls import path

from alongside.appointments.views import feeds, portal, staff

app_name = "appointments"

one = "appointments/<int:appointment_id>/"

urlpatterns = [
    path("calendar/", staff.calendar, name="calendar"),
    path("calendar/day/", staff.day, name="day"),
    path("calendar/availability/", staff.availability, name="availability"),
    path(
        "calendar/availability/hours/<int:hours_id>/remove/",
        staff.hours_remove,
        name="hours_remove",
    ),
    path(
        "calendar/availability/time-off/<int:time_off_id>/remove/",
        staff.time_off_remove,
        name="time_off_remove",
    ),
    path("calendar/waiting/", staff.waiting_list, name="waiting"),
    path("calendar/waiting/<int:waiting_id>/end/", staff.waiting_end, name="waiting_end"),
    path("appointments/new/", staff.new, name="new"),
    path(one, staff.detail, name="detail"),
    path(one + "confirm/", staff.confirm, name="confirm"),
    path(one + "decline/", staff.decline, name="decline"),
    path(one + "move/", staff.move, name="move"),
    path(one + "cancel/", staff.cancel, name="cancel"),
    path(one + "happened/", staff.happened, name="happened"),
    path("appointments/settings/", feeds.booking_settings, name="settings"),
    path("calendar-feeds/", feeds.my_feeds, name="feeds"),
    path("calendar-feeds/<int:feed_id>/revoke/", feeds.feed_revoke, name="feed_revoke"),
    path("calendar-feeds/<str:token>.ics", feeds.feed, name="feed"),
    path("my/appointments/", portal.mine, name="mine"),
    path("my/appointments/ask/", portal.ask, name="my_ask"),
    path("my/appointments/reminders/", portal.my_reminders, name="my_reminders"),
    path("my/appointments/waiting/", portal.join_waiting, name="my_waiting"),
    path("my/appointments/take-offer/", portal.take_offer, name="my_take_offer"),
    path("my/appointments/<int:appointment_id>/", portal.my_detail, name="my_detail"),
    path("my/appointments/<int:appointment_id>/cancel/", portal.my_cancel, name="my_cancel"),
]
