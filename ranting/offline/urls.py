app_name = "offline"

urlpatterns: list = []
