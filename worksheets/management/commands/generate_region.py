import time

from django.core.management import BaseCommand, CommandError

from ...seed.synthetic import SyntheticRegionError, default_slug, generate_region, remove_region


class Command(BaseCommand):
    """Generate a synthetic planning region of N municipalities with full plans (``worksheets.seed.synthetic``: row
    counts and texts as in the six real plans, every stage of the review, core indicator values), marked synthetic;
    or remove one with ``--remove``. For measuring at scale (``make bench``) and trying the coordinator's pages with
    many municipalities."""

    help = "Generate (or --remove) a synthetic region of N municipalities with full plans, marked synthetic."

    def add_arguments(self, parser):
        parser.add_argument("--municipalities", type=int, default=60, help="how many municipalities (default 60)")
        parser.add_argument("--slug", default="", help="the region's short name (default sintetisks-<N>)")
        parser.add_argument("--seed", type=int, default=1, help="the same seed gives the same region (default 1)")
        parser.add_argument("--remove", action="store_true", help="delete the synthetic region --slug and its data")

    def handle(self, *args, municipalities, slug, seed, remove, **options):
        slug = slug or default_slug(municipalities)
        try:
            if remove:
                counts = remove_region(slug)
                done = ", ".join(f"{count} {kind}" for kind, count in counts.items())
                self.stdout.write(f"Removed the synthetic region {slug}: {done}.")
                return
            started = time.perf_counter()
            result = generate_region(municipalities=municipalities, slug=slug, seed=seed)
        except SyntheticRegionError as error:
            raise CommandError(str(error)) from error
        seconds = time.perf_counter() - started
        stages = ", ".join(f"{stage} {count}" for stage, count in result.stages.items())
        self.stdout.write(
            f"Created the synthetic region {result.region.slug} ({result.region.name}): "
            f"{len(result.municipalities)} municipalities, {len(result.plans)} plans ({stages}), {result.rows} rows, "
            f"{result.versions} approved versions, {result.indicator_values} indicator values in {seconds:.1f} s."
        )
        self.stdout.write(
            f"Coordinator: {result.coordinator.username}; editors <municipality>-redaktors, viewers "
            "<municipality>-skatitajs (no password: set one with manage.py changepassword)."
        )
