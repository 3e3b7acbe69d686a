// SPDX-License-Identifier: GPL-3.0-or-later
#include "SubjectProfileView.h"

#include "domain/DisplayTime.h"

#include "ProfileHtml.h"
#include "ProfileSectionBox.h"
#include "models/FederatedSearchModel.h"
#include "providers/ProviderSectionView.h"
#include "providers/UiProviderRegistry.h"
#include "services/ApprovalsSection.h"
#include "services/AuditHistorySection.h"
#include "services/ProfileNotice.h"
#include "services/Session.h"
#include "widgets/MessageBanner.h"

#include <QDateTime>
#include <QEvent>
#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QPixmap>
#include <QPushButton>
#include <QUrl>
#include <QVBoxLayout>

SubjectProfileView::SubjectProfileView(QWidget* parent)
    : QWidget(parent)
    , m_title(new QLabel(this))
    , m_ids(new QLabel(this))
    , m_security(new QLabel(this))
    , m_link(new QPushButton(tr("&Link to subject…"), this))
{
    for (const ProviderUi* ui : UiProviderRegistry::instance().providers()) {
        ProviderSectionView* view = ui->createSectionView(this);
        if (!view)
            continue;
        m_views << view;
        connect(view, &ProviderSectionView::reloadRequested, this, &SubjectProfileView::loadWithDetails);
        connect(view, &ProviderSectionView::securityWarning, this, [this](const QString& text) {
            m_security->setText(text);
            m_security->show();
        });
    }
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
    for (ProviderSectionView* view : std::as_const(m_views)) {
        QMap<QString, ProfileSectionBox*> boxes;
        for (const auto& [key, title] : view->titles())
            boxes.insert(key, m_sections.value(key));
        view->attach(boxes);
    }
    clear();
}

SubjectProfileView::~SubjectProfileView() = default;

QList<QPair<QString, QString>> SubjectProfileView::sectionTitles() const
{
    QList<QPair<QString, QString>> titles;
    for (const ProviderSectionView* view : m_views)
        titles << view->titles();
    return titles << QPair<QString, QString>{QStringLiteral("audit"), tr("Audit history of this person")}
                  << QPair<QString, QString>{QStringLiteral("approvals"), tr("Waiting for approval")};
}

ProviderSectionView* SubjectProfileView::viewOf(const QString& key) const
{
    for (ProviderSectionView* view : m_views) {
        for (const auto& [section, title] : view->titles()) {
            if (section == key)
                return view;
        }
    }
    return nullptr;
}

void SubjectProfileView::changeEvent(QEvent* event)
{
    if (event->type() == QEvent::LanguageChange) {
        setAccessibleName(tr("360 view of the selected person"));
        m_security->setAccessibleName(tr("Security warning"));
        m_link->setText(tr("&Link to subject…"));
        m_link->setAccessibleName(tr("Link to subject"));
        for (ProviderSectionView* view : std::as_const(m_views))
            view->retranslate();
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

void SubjectProfileView::setService(SubjectProfileService* service)
{
    if (service == m_service)
        return;
    delete m_service;
    m_service = nullptr;
    if (!service)
        return;
    m_session = service->session();
    for (ProviderSectionView* view : std::as_const(m_views))
        view->setSession(m_session);
    m_service = service;
    m_service->setParent(this);
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
    for (ProviderSectionView* view : std::as_const(m_views))
        view->clear();
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
    for (ProviderSectionView* view : std::as_const(m_views))
        view->clear();
    m_ids->clear();
    for (ProfileSectionBox* box : std::as_const(m_sections)) {
        box->setLoading();
        box->show();
    }
    m_service->load(id, provider, knownIds);
}

void SubjectProfileView::loadWithDetails(bool history, bool imageLinks)
{
    if (!m_service || m_id.isEmpty())
        return;
    m_service->setJobDetails(history, imageLinks);
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
    const ProfileSection* content = m_service->content(key);
    switch (state) {
    case SubjectProfileService::SectionState::Loading:
        box->setLoading();
        break;
    case SubjectProfileService::SectionState::Unavailable: {
        const auto* notice = dynamic_cast<const ProfileNotice*>(content);
        box->setUnavailable(notice ? notice->message : QString());
        break;
    }
    case SubjectProfileService::SectionState::Error:
        box->setError(m_service->sectionError(key).message());
        break;
    case SubjectProfileService::SectionState::Ok:
        render(key);
        break;
    }
    if (ProviderSectionView* view = viewOf(key))
        view->stateChanged(key, state, content, box);
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
    for (const ProviderSectionView* view : std::as_const(m_views)) {
        if (const QString line = view->subjectLine(s); !line.isEmpty())
            parts << line;
    }
    m_ids->setText(parts.join(QStringLiteral(" · ")));
}

void SubjectProfileView::render(const QString& key)
{
    ProfileSectionBox* box = m_sections.value(key);
    const ProfileSection* c = m_service->content(key);
    if (ProviderSectionView* view = viewOf(key)) {
        view->render(key, c, box);
    } else if (const auto* audit = dynamic_cast<const AuditHistorySection*>(c)) {
        box->setBody(QString());
        QList<QStringList> rows;
        for (qsizetype i = audit->entries.size() - 1; i >= 0; --i) { // newest first
            const AuditEntry& e = audit->entries.at(i);
            rows << QStringList{DisplayTime::format(e.time), e.operatorName, e.event + u' ' + e.action,
                                e.outcome, e.reason};
        }
        box->setTable({tr("Time"), tr("Operator"), tr("Event"), tr("Outcome"), tr("Reason")}, rows,
                      tr("Nothing recorded about this person yet."));
    } else if (const auto* approvals = dynamic_cast<const ApprovalsSection*>(c)) {
        box->setBody(QString());
        QList<QStringList> rows;
        for (const ActionRecord& a : approvals->pending)
            rows << QStringList{QString::number(a.id),
                                FederatedSearchModel::providerName(a.request.provider) + u' ' +
                                    a.request.action,
                                a.initiator, a.request.reason};
        box->setTable({tr("Id"), tr("Action"), tr("Requested by"), tr("Reason")}, rows,
                      tr("No action about this person is waiting for approval."));
    }
}
