// SPDX-License-Identifier: GPL-3.0-or-later
#include "SubjectProfileView.h"

#include "ProfileSectionBox.h"
#include "models/FederatedSearchModel.h"
#include "net/HttpReply.h"
#include "providers/smileid/SmileIdClient.h"
#include "services/Session.h"
#include "widgets/MessageBanner.h"

#include <QDateTime>
#include <QEvent>
#include <QHBoxLayout>
#include <QJsonArray>
#include <QLabel>
#include <QLocale>
#include <QPixmap>
#include <QPushButton>
#include <QUrl>
#include <QVBoxLayout>

namespace {
QString esc(const QString& s)
{
    return s.isEmpty() ? QStringLiteral("—") : s.toHtmlEscaped();
}

QString line(const QString& label, const QString& value)
{
    return QStringLiteral("<b>%1:</b> %2<br>").arg(label.toHtmlEscaped(), esc(value));
}

QString jsonText(const QJsonValue& v)
{
    if (v.isBool())
        return v.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    if (v.isDouble())
        return QString::number(v.toDouble());
    return v.toString();
}
} // namespace

SubjectProfileView::SubjectProfileView(QWidget* parent)
    : QWidget(parent)
    , m_title(new QLabel(this))
    , m_ids(new QLabel(this))
    , m_security(new QLabel(this))
    , m_link(new QPushButton(tr("&Link to subject…"), this))
    , m_jobDetails(new QPushButton(tr("Load &history and image links"), this))
    , m_showImages(new QPushButton(tr("Show the &images"), this))
    , m_images(new QWidget(this))
{
    setObjectName(QStringLiteral("subjectProfileView"));
    setAccessibleName(tr("360 view of the selected person"));
    QFont bold = m_title->font();
    bold.setBold(true);
    m_title->setFont(bold);
    m_title->setObjectName(QStringLiteral("profileTitle"));
    m_title->setWordWrap(true);
    m_ids->setObjectName(QStringLiteral("profileIds"));
    m_ids->setWordWrap(true);
    m_ids->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
    m_security->setObjectName(QStringLiteral("securityWarning"));
    m_security->setAccessibleName(tr("Security warning"));
    m_security->setWordWrap(true);
    m_security->setStyleSheet(QStringLiteral("QLabel { background: #b00020; color: white; font-weight: bold; "
                                             "padding: 6px; border-radius: 3px; }"));
    m_security->hide();
    m_link->setObjectName(QStringLiteral("linkToSubject"));
    m_link->setAccessibleName(tr("Link to subject"));
    m_link->setSizePolicy(QSizePolicy::Maximum, QSizePolicy::Fixed);
    connect(m_link, &QPushButton::clicked, this, &SubjectProfileView::linkRequested);
    m_jobDetails->setObjectName(QStringLiteral("loadJobDetails"));
    m_jobDetails->setAccessibleName(tr("Load the enrollment job's history and image links"));
    m_jobDetails->setToolTip(tr("Asks Smile ID again for the job, with its history and image links."));
    m_jobDetails->setSizePolicy(QSizePolicy::Maximum, QSizePolicy::Fixed);
    connect(m_jobDetails, &QPushButton::clicked, this, &SubjectProfileView::loadJobDetails);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    auto* head = new QHBoxLayout;
    head->addWidget(m_title, 1);
    head->addWidget(m_link);
    layout->addLayout(head);
    layout->addWidget(m_ids);
    layout->addWidget(m_security);
    for (const auto& [key, title] : sectionTitles()) {
        auto* box = new ProfileSectionBox(key, title, this);
        m_sections.insert(key, box);
        layout->addWidget(box);
    }
    m_sections.value(QStringLiteral("smileid_jobs"))->contentLayout()->addWidget(m_jobDetails);
    m_showImages->setObjectName(QStringLiteral("showJobImages"));
    m_showImages->setAccessibleName(tr("Show the enrollment job's images"));
    m_showImages->setToolTip(tr("Loads the selfie and liveness images from Smile ID over TLS and shows them "
                                "here; they are kept in memory only."));
    m_showImages->setSizePolicy(QSizePolicy::Maximum, QSizePolicy::Fixed);
    m_showImages->hide();
    connect(m_showImages, &QPushButton::clicked, this, &SubjectProfileView::showImages);
    m_images->setObjectName(QStringLiteral("jobImages"));
    auto* imagesRow = new QHBoxLayout(m_images);
    imagesRow->setContentsMargins(0, 0, 0, 0);
    imagesRow->addStretch(1);
    m_sections.value(QStringLiteral("smileid_jobs"))->contentLayout()->addWidget(m_showImages);
    m_sections.value(QStringLiteral("smileid_jobs"))->contentLayout()->addWidget(m_images);
    clear();
}

SubjectProfileView::~SubjectProfileView() = default;

QList<QPair<QString, QString>> SubjectProfileView::sectionTitles()
{
    return {{QStringLiteral("smileid"), tr("Smile ID — flags")},
            {QStringLiteral("smileid_jobs"), tr("Smile ID — enrollment job (SmartSelfie registration)")},
            {QStringLiteral("sdkfinance"), tr("SDK.Finance — profile and reset requests")},
            {QStringLiteral("trustswiftly"), tr("Trust Swiftly — workflow and verification")},
            {QStringLiteral("smartid"), tr("SmartID — enrollment")},
            {QStringLiteral("audit"), tr("Audit history of this person")},
            {QStringLiteral("approvals"), tr("Waiting for approval")}};
}

void SubjectProfileView::changeEvent(QEvent* event)
{
    if (event->type() == QEvent::LanguageChange) {
        setAccessibleName(tr("360 view of the selected person"));
        m_security->setAccessibleName(tr("Security warning"));
        m_link->setText(tr("&Link to subject…"));
        m_link->setAccessibleName(tr("Link to subject"));
        m_jobDetails->setText(tr("Load &history and image links"));
        m_jobDetails->setAccessibleName(tr("Load the enrollment job's history and image links"));
        m_jobDetails->setToolTip(tr("Asks Smile ID again for the job, with its history and image links."));
        m_showImages->setText(tr("Show the &images"));
        m_showImages->setAccessibleName(tr("Show the enrollment job's images"));
        m_showImages->setToolTip(tr("Loads the selfie and liveness images from Smile ID over TLS and shows them "
                                    "here; they are kept in memory only."));
        for (const auto& [key, title] : sectionTitles())
            if (ProfileSectionBox* box = m_sections.value(key))
                box->setTitle(title);
        // Everything shown is said again in the new language: the person is read again.
        if (m_id.isEmpty())
            clear();
        else
            load(m_id, m_provider, m_knownIds);
    }
    QWidget::changeEvent(event);
}

void SubjectProfileView::setContext(Session* session, Store* store)
{
    delete m_service;
    m_service = nullptr;
    if (!store)
        return;
    m_session = session;
    m_service = new SubjectProfileService(session, *store, this);
    connect(m_service, &SubjectProfileService::sectionChanged, this, &SubjectProfileView::onSection);
    connect(m_service, &SubjectProfileService::finished, this, [this] {
        if (!m_service->problem().isEmpty()) {
            m_title->setText(m_service->problem());
            for (ProfileSectionBox* box : std::as_const(m_sections))
                box->setUnavailable(QString());
        }
    });
}

void SubjectProfileView::setLinkAllowed(bool allowed, const QString& why)
{
    m_link->setEnabled(allowed);
    m_link->setToolTip(allowed ? tr("Record in the index that this person's ids belong to one subject.")
                               : why);
}

void SubjectProfileView::clear()
{
    if (m_service)
        m_service->cancel();
    m_id.clear();
    m_provider.clear();
    m_title->setText(tr("360 view: select a person"));
    m_ids->clear();
    m_security->clear();
    m_security->hide();
    m_jobDetails->hide();
    clearImages();
    for (ProfileSectionBox* box : std::as_const(m_sections))
        box->hide();
}

void SubjectProfileView::load(const QString& id, const QString& provider,
                              const QMap<QString, QString>& knownIds)
{
    if (!m_service)
        return;
    m_id = id;
    m_provider = provider;
    m_knownIds = knownIds;
    m_security->clear();
    m_security->hide();
    m_title->setText(tr("Loading…"));
    clearImages();
    m_ids->clear();
    for (ProfileSectionBox* box : std::as_const(m_sections)) {
        box->setLoading();
        box->show();
    }
    m_service->load(id, provider, knownIds);
}

void SubjectProfileView::loadJobDetails()
{
    if (!m_service || m_id.isEmpty())
        return;
    m_service->setJobDetails(true, true);
    load(m_id, m_provider, m_knownIds);
    m_service->setJobDetails(false, false);
}

QString SubjectProfileView::securityWarning() const
{
    return m_security->isVisibleTo(this) ? m_security->text() : QString();
}

void SubjectProfileView::onSection(const QString& key, SubjectProfileService::SectionState state)
{
    if (key == QLatin1String("subject")) {
        renderSubject();
        return;
    }
    ProfileSectionBox* box = m_sections.value(key);
    if (!box)
        return;
    const QJsonObject content = m_service->document().value(key).toObject();
    switch (state) {
    case SubjectProfileService::SectionState::Loading:
        box->setLoading();
        break;
    case SubjectProfileService::SectionState::Unavailable:
        box->setUnavailable(content.value(QStringLiteral("message")).toString());
        break;
    case SubjectProfileService::SectionState::Error:
        box->setError(m_service->sectionError(key).message());
        break;
    case SubjectProfileService::SectionState::Ok:
        render(key);
        break;
    }
    if (key == QLatin1String("smileid_jobs")) {
        m_jobDetails->setVisible(state == SubjectProfileService::SectionState::Ok);
        m_showImages->setVisible(state == SubjectProfileService::SectionState::Ok && !m_imageLinks.isEmpty());
        const QString warning = content.value(QStringLiteral("security_warning")).toString();
        if (!warning.isEmpty()) {
            m_security->setText(
                tr("⚠ Security warning: Smile ID's answer about the enrollment job did not carry a "
                   "valid signature. Its content is not shown and must not be trusted. %1")
                    .arg(warning));
            m_security->show();
            box->setError(tr("Not shown: the answer failed the signature check (see the security warning)."));
        }
    }
}

QString SubjectProfileView::badges(const QStringList& marks)
{
    // White on the console's alarm red: 7:1, in both themes.
    QStringList html;
    for (const QString& mark : marks)
        html << QStringLiteral("<span style=\"background-color:#b00020; color:#ffffff; font-weight:bold\">"
                               "&nbsp;%1&nbsp;</span>")
                    .arg(mark.toHtmlEscaped());
    return html.isEmpty() ? QString() : html.join(QStringLiteral(" ")) + QStringLiteral("<br>");
}

void SubjectProfileView::clearImages()
{
    m_imageLinks.clear();
    m_showImages->hide();
    for (QLabel* picture : m_images->findChildren<QLabel*>())
        delete picture;
}

void SubjectProfileView::showImages()
{
    auto* client = m_session ? m_session->client<SmileIdClient>() : nullptr;
    if (!client)
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

QString SubjectProfileView::localTime(const QString& iso)
{
    // The console's one date format: the locale's, in local time (as Approvals and Pending resets).
    const QDateTime t = QDateTime::fromString(iso, Qt::ISODateWithMs);
    return t.isValid() ? QLocale().toString(t.toLocalTime(), QLocale::ShortFormat) : iso;
}

QString SubjectProfileView::flagWords(const QString& flag)
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

void SubjectProfileView::renderSubject()
{
    const Subject& s = m_service->subject();
    m_title->setText(s.reference.isEmpty() ? tr("Not linked to a subject in the index")
                                           : tr("Subject %1").arg(s.reference));
    QStringList parts;
    for (const QString& p : Subject::providers())
        if (s.isLinkedAt(p))
            parts << QStringLiteral("%1: <code>%2</code>")
                         .arg(FederatedSearchModel::providerName(p).toHtmlEscaped(),
                              s.idAt(p).toHtmlEscaped());
    if (!s.smileIdJob.isEmpty())
        parts << tr("Smile ID job: <code>%1</code>").arg(s.smileIdJob.toHtmlEscaped());
    m_ids->setText(parts.join(QStringLiteral(" · ")));
}

void SubjectProfileView::render(const QString& key)
{
    ProfileSectionBox* box = m_sections.value(key);
    const QJsonObject c = m_service->document().value(key).toObject();
    if (key == QLatin1String("smileid")) {
        const QJsonObject flags = c.value(QStringLiteral("flags")).toObject();
        QString html = line(tr("User id"), c.value(QStringLiteral("user_id")).toString());
        html += QStringLiteral("<i>%1</i><br>")
                    .arg(tr("Last known state, from this console's audit log "
                            "(Smile ID cannot be asked).")
                             .toHtmlEscaped());
        // What matters first, as badges; then each flag in words.
        QStringList marks;
        if (flags.value(QStringLiteral("is_fraudulent")).toBool())
            marks << tr("FRAUDULENT");
        if (flags.contains(QStringLiteral("active")) && !flags.value(QStringLiteral("active")).toBool())
            marks << tr("DEACTIVATED");
        if (flags.value(QStringLiteral("delete")).toBool())
            marks << tr("DELETED");
        html = badges(marks) + html;
        if (flags.isEmpty())
            html += tr("No flag change recorded yet.").toHtmlEscaped();
        for (auto it = flags.constBegin(); it != flags.constEnd(); ++it)
            html += line(flagWords(it.key()), it.value().toBool() ? tr("yes") : tr("no"));
        if (!c.value(QStringLiteral("as_of")).toString().isEmpty())
            html += line(tr("As of"), localTime(c.value(QStringLiteral("as_of")).toString()));
        box->setBody(html);
    } else if (key == QLatin1String("smileid_jobs")) {
        QString html;
        for (const QJsonValue& v : c.value(QStringLiteral("jobs")).toArray()) {
            const QJsonObject job = v.toObject();
            const QJsonObject st = job.value(QStringLiteral("status")).toObject();
            const QJsonObject result = st.value(QStringLiteral("result")).toObject();
            html += line(tr("Job"), tr("%1 (job_type %2)")
                                        .arg(job.value(QStringLiteral("job_id")).toString(),
                                             job.value(QStringLiteral("job_type")).toString()));
            html += line(tr("State"), st.value(QStringLiteral("state")).toString());
            html += line(tr("Result"),
                         result.isEmpty()
                             ? tr("none yet")
                             : tr("%1 %2").arg(result.value(QStringLiteral("ResultCode")).toString(),
                                               result.value(QStringLiteral("ResultText")).toString()));
            if (!result.isEmpty())
                html += line(tr("Confidence"), jsonText(result.value(QStringLiteral("ConfidenceValue"))));
            html += line(tr("Signature"), st.value(QStringLiteral("signature_verified")).toBool()
                                              ? tr("verified ✔")
                                              : st.value(QStringLiteral("signature")).toString());
            const QJsonArray history = st.value(QStringLiteral("history")).toArray();
            if (!history.isEmpty())
                html += line(tr("History"), tr("%n entry(ies)", nullptr, int(history.size())));
            // The links are not printed: the pictures are shown on demand (showImages()).
            const QJsonObject images = st.value(QStringLiteral("image_links")).toObject();
            m_imageLinks.clear();
            if (images.value(QStringLiteral("selfie_image")).isString())
                m_imageLinks << images.value(QStringLiteral("selfie_image")).toString();
            for (const QJsonValue& v : images.value(QStringLiteral("liveness_images")).toArray())
                m_imageLinks << v.toString();
            if (!m_imageLinks.isEmpty())
                html += line(tr("Images"),
                             tr("%n image(s): selfie and liveness", nullptr, int(m_imageLinks.size())));
        }
        box->setBody(html);
    } else if (key == QLatin1String("sdkfinance")) {
        QString html = line(tr("User id"), c.value(QStringLiteral("user_id")).toString());
        html += line(tr("Profile status"), c.value(QStringLiteral("profile_status")).toString());
        if (c.contains(QStringLiteral("profile_note")))
            html += QStringLiteral("<i>%1</i><br>")
                        .arg(c.value(QStringLiteral("profile_note")).toString().toHtmlEscaped());
        if (c.contains(QStringLiteral("requests_note")))
            html += QStringLiteral("<i>%1</i><br>")
                        .arg(c.value(QStringLiteral("requests_note")).toString().toHtmlEscaped());
        box->setBody(html);
        QList<QStringList> rows;
        for (const QJsonValue& v : c.value(QStringLiteral("pending_reset_requests")).toArray()) {
            const QJsonObject r = v.toObject();
            rows << QStringList{r.value(QStringLiteral("id")).toString(),
                                r.value(QStringLiteral("status")).toString(),
                                r.value(QStringLiteral("createdAt")).toString(),
                                r.value(QStringLiteral("comment")).toString()};
        }
        if (!rows.isEmpty())
            box->setBody(badges({tr("RESET PENDING")}) + html);
        box->setTable({tr("Request"), tr("Status"), tr("Created"), tr("Comment")}, rows, QString());
        if (rows.isEmpty())
            box->setBody(html + tr("No pending reset-identification request.").toHtmlEscaped());
    } else if (key == QLatin1String("trustswiftly")) {
        const QJsonObject u = c.value(QStringLiteral("user")).toObject();
        QString html = line(tr("User id"), c.value(QStringLiteral("user_id")).toString());
        html += line(tr("Name"), u.value(QStringLiteral("name")).toString());
        html += line(tr("Verification status"), u.value(QStringLiteral("status")).toString());
        html += line(tr("Current workflow"), u.value(QStringLiteral("current_workflow_id")).toString());
        if (!u.value(QStringLiteral("re_verify_workflow_id")).toString().isEmpty())
            html = badges({tr("RE-VERIFICATION ASSIGNED")}) + html;
        if (u.contains(QStringLiteral("re_verify_workflow_id")))
            html += line(tr("Re-verification workflow"),
                         u.value(QStringLiteral("re_verify_workflow_id")).toString());
        box->setBody(html);
    } else if (key == QLatin1String("smartid")) {
        QString html = line(tr("User"), c.value(QStringLiteral("user")).toString());
        html += line(tr("Enrollment"), c.value(QStringLiteral("enrollment")).toString());
        html += QStringLiteral("<i>%1</i>").arg(c.value(QStringLiteral("label")).toString().toHtmlEscaped());
        box->setBody(html);
    } else if (key == QLatin1String("audit")) {
        box->setBody(QString());
        QList<QStringList> rows;
        const QJsonArray entries = c.value(QStringLiteral("entries")).toArray();
        for (qsizetype i = entries.size() - 1; i >= 0; --i) { // newest first
            const QJsonObject e = entries.at(i).toObject();
            rows << QStringList{
                e.value(QStringLiteral("time")).toString(), e.value(QStringLiteral("operator")).toString(),
                e.value(QStringLiteral("event")).toString() + u' ' +
                    e.value(QStringLiteral("action")).toString(),
                e.value(QStringLiteral("outcome")).toString(), e.value(QStringLiteral("reason")).toString()};
        }
        box->setTable({tr("Time (UTC)"), tr("Operator"), tr("Event"), tr("Outcome"), tr("Reason")}, rows,
                      tr("Nothing recorded about this person yet."));
    } else if (key == QLatin1String("approvals")) {
        box->setBody(QString());
        QList<QStringList> rows;
        for (const QJsonValue& v : c.value(QStringLiteral("pending")).toArray()) {
            const QJsonObject a = v.toObject();
            rows << QStringList{
                QString::number(qint64(a.value(QStringLiteral("id")).toDouble())),
                FederatedSearchModel::providerName(a.value(QStringLiteral("provider")).toString()) + u' ' +
                    a.value(QStringLiteral("action")).toString(),
                a.value(QStringLiteral("initiator")).toString(),
                a.value(QStringLiteral("reason")).toString()};
        }
        box->setTable({tr("Id"), tr("Action"), tr("Requested by"), tr("Reason")}, rows,
                      tr("No action about this person is waiting for approval."));
    }
}
