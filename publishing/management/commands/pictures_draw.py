"""Draw the pictures of the pages of documents imported before pictures were drawn.

The worker draws a new document's pictures after its import; this is for the documents
already held, or to draw again pictures deleted from storage (``--all``).
"""

from django.core.management.base import BaseCommand

from publishing.pictures import documents_pictures_draw


class Command(BaseCommand):
    help = "Draw the page pictures of documents that have none."

    def add_arguments(self, parser):
        parser.add_argument(
            "--all",
            action="store_true",
            help="Look at every document's pictures, and draw any page whose files are missing.",
        )

    def handle(self, *args, **options):
        documents = pages = 0
        for document, drawn in documents_pictures_draw(everything=options["all"]):
            documents += 1
            pages += drawn
            if drawn:
                self.stdout.write(f"{document}: drew {drawn} of {document.page_count} pages.")
            if document.pictures < document.page_count:
                self.stderr.write(
                    self.style.WARNING(
                        f"{document}: {document.page_count - document.pictures} pages could "
                        "not be drawn (see the log)."
                    )
                )
        self.stdout.write(
            self.style.SUCCESS(f"{documents} documents looked at, {pages} pages drawn.")
        )
