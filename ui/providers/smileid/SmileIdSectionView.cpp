// SPDX-License-Identifier: GPL-3.0-or-later
#include "SmileIdSectionView.h"

#include "domain/DisplayTime.h"

#include "net/HttpReply.h"
#include "providers/smileid/SmileIdClient.h"
#include "providers/smileid/SmileIdFlagsSection.h"
#include "providers/smileid/SmileIdJobsSection.h"
#include "providers/smileid/SmileIdModule.h"
#include "services/Session.h"
#include "subjects/ProfileHtml.h"
#include "subjects/ProfileSectionBox.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QPixmap>
#include <QPushButton>
#include <QUrl>
#include <QVBoxLayout>

namespace {
const QString kFlags = QStringLiteral("smileid");
const QString kJobs = QStringLiteral("smileid_jobs");
} // namespace

SmileIdSectionView::SmileIdSectionView(QObject* parent)
    : ProviderSectionView(parent)
{}

QList<QPair<QString, QString>> SmileIdSectionView::titles() const
{
    return {{kFlags, tr("Smile ID — flags")},
            {kJobs, tr("Smile ID — enrollment job (SmartSelfie registration)")}};
}

void SmileIdSectionView::attach(const QMap<QString, ProfileSectionBox*>& boxes)
{
    ProfileSectionBox* box = boxes.value(kJobs);
    if (!box)
        return;
    m_jobDetails = new QPushButton(box);
    m_jobDetails->setObjectName(QStringLiteral("loadJobDetails"));
    m_jobDetails->setSizePolicy(QSizePolicy::Maximum, QSizePolicy::Fixed);
    connect(m_jobDetails, &QPushButton::clicked, this, [this] { emit reloadRequested(true, true); });
    m_showImages = new QPushButton(box);
    m_showImages->setObjectName(QStringLiteral("showJobImages"));
    m_showImages->setSizePolicy(QSizePolicy::Maximum, QSizePolicy::Fixed);
    m_showImages->hide();
    connect(m_showImages, &QPushButton::clicked, this, &SmileIdSectionView::showImages);
    m_images = new QWidget(box);
    m_images->setObjectName(QStringLiteral("jobImages"));
    auto* imagesRow = new QHBoxLayout(m_images);
    imagesRow->setContentsMargins(0, 0, 0, 0);
    imagesRow->addStretch(1);
    box->contentLayout()->addWidget(m_jobDetails);
    box->contentLayout()->addWidget(m_showImages);
    box->contentLayout()->addWidget(m_images);
    retranslate();
    clear();
}

void SmileIdSectionView::retranslate()
{
    if (!m_jobDetails)
        return;
    m_jobDetails->setText(tr("Load &history and image links"));
    m_jobDetails->setAccessibleName(tr("Load the enrollment job's history and image links"));
    m_jobDetails->setToolTip(tr("Asks Smile ID again for the job, with its history and image links."));
    m_showImages->setText(tr("Show the &images"));
    m_showImages->setAccessibleName(tr("Show the enrollment job's images"));
    m_showImages->setToolTip(tr("Loads the selfie and liveness images from Smile ID over TLS and shows them "
                                "here; they are kept in memory only."));
}

void SmileIdSectionView::clear()
{
    if (m_jobDetails)
        m_jobDetails->hide();
    clearImages();
}

QString SmileIdSectionView::subjectLine(const Subject& subject) const
{
    const QString job = subject.attributes.value(SmileIdModule::jobColumn());
    if (job.isEmpty())
        return QString();
    return tr("Smile ID job: <code>%1</code>").arg(job.toHtmlEscaped());
}

QString SmileIdSectionView::flagWords(const QString& flag)
{
    if (flag == QLatin1String("is_fraudulent"))
        return tr("Marked fraudulent");
    if (flag == QLatin1String("active"))
        return tr("Active");
    if (flag == QLatin1String("delete"))
        return tr("Deleted");
    if (flag == QLatin1String("allow_new_enroll"))
        return tr("May enroll again");
    return flag;
}

void SmileIdSectionView::stateChanged(const QString& key, SubjectProfileService::SectionState state,
                                      const ProfileSection* content, ProfileSectionBox* box)
{
    if (key != kJobs || !m_jobDetails)
        return;
    const bool ok = state == SubjectProfileService::SectionState::Ok;
    m_jobDetails->setVisible(ok);
    m_showImages->setVisible(ok && !m_imageLinks.isEmpty());
    const auto* jobs = dynamic_cast<const SmileIdJobsSection*>(content);
    const QString warning = jobs ? jobs->securityWarning : QString();
    if (!warning.isEmpty()) {
        emit securityWarning(tr("⚠ Security warning: Smile ID's answer about the "
                                "enrollment job did not carry a valid signature. Its "
                                "content is not shown and must not be trusted. %1")
                                 .arg(warning));
        box->setError(tr("Not shown: the answer failed the signature check (see the security warning)."));
    }
}

void SmileIdSectionView::render(const QString& key, const ProfileSection* content, ProfileSectionBox* box)
{
    using ProfileHtml::line;
    if (key == kJobs) {
        if (const auto* jobs = dynamic_cast<const SmileIdJobsSection*>(content))
            box->setBody(renderJobs(*jobs));
        return;
    }
    const auto* c = dynamic_cast<const SmileIdFlagsSection*>(content);
    if (!c)
        return;
    const QMap<QString, bool>& flags = c->flags;
    QString html = line(tr("User id"), c->userId);
    html +=
        ProfileHtml::note(tr("Last known state, from this console's audit log (Smile ID cannot be asked)."));
    // What matters first, as badges; then each flag in words.
    QStringList marks;
    if (flags.value(QStringLiteral("is_fraudulent")))
        marks << tr("FRAUDULENT");
    if (flags.contains(QStringLiteral("active")) && !flags.value(QStringLiteral("active")))
        marks << tr("DEACTIVATED");
    if (flags.value(QStringLiteral("delete")))
        marks << tr("DELETED");
    html = ProfileHtml::badges(marks) + html;
    if (flags.isEmpty())
        html += tr("No flag change recorded yet.").toHtmlEscaped();
    for (auto it = flags.constBegin(); it != flags.constEnd(); ++it)
        html += line(flagWords(it.key()), it.value() ? tr("yes") : tr("no"));
    if (!c->asOf.isEmpty())
        html += line(tr("As of"), DisplayTime::formatIso(c->asOf));
    box->setBody(html);
}

QString SmileIdSectionView::renderJobs(const SmileIdJobsSection& jobs)
{
    using ProfileHtml::line;
    m_imageLinks.clear();
    QString html = line(tr("Job"), tr("%1 (job_type %2)").arg(jobs.jobId, jobs.jobType));
    const SmileIdJobStatus st = jobs.status.value_or(SmileIdJobStatus());
    html += line(tr("State"), jobs.status ? st.stateText() : QString());
    html +=
        line(tr("Result"), !st.hasResult ? tr("none yet") : tr("%1 %2").arg(st.resultCode, st.resultText));
    if (st.hasResult)
        html += line(tr("Confidence"), st.confidenceValue);
    html += line(tr("Signature"), st.signatureVerified() ? tr("verified ✔")
                                  : st.signature == SmileIdJobStatus::Signature::Missing
                                      ? QStringLiteral("missing")
                                      : QStringLiteral("invalid"));
    if (!st.history.isEmpty())
        html += line(tr("History"), tr("%n entry(ies)", nullptr, int(st.history.size())));
    // The links are not printed: the pictures are shown on demand (showImages()).
    m_imageLinks = jobs.imageLinks();
    if (!m_imageLinks.isEmpty())
        html += line(tr("Images"), tr("%n image(s): selfie and liveness", nullptr, int(m_imageLinks.size())));
    return html;
}

void SmileIdSectionView::clearImages()
{
    m_imageLinks.clear();
    if (!m_images)
        return;
    m_showImages->hide();
    for (QLabel* picture : m_images->findChildren<QLabel*>())
        delete picture;
}

void SmileIdSectionView::showImages()
{
    auto* client = m_session ? m_session->client<SmileIdClient>() : nullptr;
    if (!client || !m_images)
        return;
    for (QLabel* picture : m_images->findChildren<QLabel*>())
        delete picture;
    auto* row = qobject_cast<QHBoxLayout*>(m_images->layout());
    for (const QString& link : std::as_const(m_imageLinks)) {
        auto* picture = new QLabel(tr("Loading…"), m_images);
        picture->setObjectName(QStringLiteral("jobImage"));
        picture->setAccessibleName(link.contains(QLatin1String("selfie")) ? tr("Selfie")
                                                                          : tr("Liveness image"));
        picture->setFixedSize(128, 128);
        picture->setAlignment(Qt::AlignCenter);
        picture->setFrameShape(QFrame::StyledPanel);
        row->insertWidget(row->count() - 1, picture);
        HttpReply* reply = client->image(QUrl(link));
        const QPointer<QLabel> guard(picture);
        connect(reply, &HttpReply::finished, this, [reply, guard] {
            if (!guard)
                return;
            const HttpResult& r = reply->result();
            QPixmap pixmap;
            if (r.ok() && pixmap.loadFromData(r.body)) {
                guard->setPixmap(pixmap.scaled(guard->size() - QSize(4, 4), Qt::KeepAspectRatio,
                                               Qt::SmoothTransformation));
                guard->setToolTip(QString());
            } else {
                guard->setWordWrap(true);
                guard->setText(r.ok() ? tr("Not an image") : tr("Could not be loaded"));
                guard->setToolTip(r.ok() ? QString() : r.error.message());
            }
        });
    }
}

void SmileIdSectionView::setSession(Session* session)
{
    m_session = session;
}
