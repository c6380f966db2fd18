"""The rules of the programme. Nothing here imports `telegram`."""

from __future__ import annotations

from dataclasses import dataclass

from bot.clock import Clock
from bot.config import Settings
from bot.curriculum import Course
from bot.db.engine import Database
from bot.services.activity import Activity
from bot.services.broadcasts import BroadcastService
from bot.services.certificates import CertificateService
from bot.services.dashboard_access import DashboardAccess
from bot.services.deliveries import DeliveryService
from bot.services.followup_answers import FollowupService
from bot.services.journey import Journey
from bot.services.learning import LearningService
from bot.services.ledger import UpdateLedger
from bot.services.nudges import NudgeService
from bot.services.onboarding import OnboardingService
from bot.services.privacy import PrivacyService
from bot.services.progress import ProgressService
from bot.services.reports import ReportService
from bot.services.rereading import RereadingService
from bot.services.review import ReviewService
from bot.services.roles import RoleService
from bot.services.sendplan import Rates
from bot.services.survey import SurveyService


@dataclass
class Services:
    """Every service, built once per application and shared by the handlers."""

    db: Database
    course: Course
    clock: Clock
    onboarding: OnboardingService
    learning: LearningService
    survey: SurveyService
    progress: ProgressService
    privacy: PrivacyService
    roles: RoleService
    nudges: NudgeService
    review: ReviewService
    rereading: RereadingService
    certificates: CertificateService
    followups: FollowupService
    broadcasts: BroadcastService
    deliveries: DeliveryService
    ledger: UpdateLedger
    reports: ReportService
    dashboard: DashboardAccess

    @classmethod
    def build(cls, settings: Settings, db: Database, course: Course, clock: Clock) -> Services:
        """Wire the services onto one database, one course and one clock."""
        journey = Journey(course, clock, Activity(clock, settings.tz))
        locale = settings.default_locale
        roles = RoleService(db, clock, settings.admin_ids)
        secret = settings.dashboard_secret.get_secret_value() if settings.dashboard_secret else None
        rates = Rates(
            settings.broadcast_rate, settings.paid_broadcast_rate, settings.stars_per_paid_message
        )
        return cls(
            db=db,
            course=course,
            clock=clock,
            onboarding=OnboardingService(db, journey, locale),
            learning=LearningService(db, journey, locale),
            survey=SurveyService(db, journey, locale),
            progress=ProgressService(db, journey),
            privacy=PrivacyService(db, journey),
            roles=roles,
            nudges=NudgeService(db, journey),
            review=ReviewService(db, journey, locale),
            rereading=RereadingService(db, journey, locale),
            certificates=CertificateService(db, journey),
            followups=FollowupService(db, journey, locale),
            broadcasts=BroadcastService(db, clock, rates),
            deliveries=DeliveryService(db, clock, rates),
            ledger=UpdateLedger(db, clock),
            reports=ReportService(db, course, clock, settings.tz, settings.report_min_group),
            dashboard=DashboardAccess(db, clock, roles, secret),
        )
