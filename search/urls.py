from django.urls import path

from . import feeds, views

app_name = "search"
urlpatterns = [
    path("search/", views.search_page, name="search"),
    path("search/feed/", feeds.SearchFeed(), name="feed"),
]
