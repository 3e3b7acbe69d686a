// SPDX-License-Identifier: GPL-3.0-or-later
#include "PendingResetsView.h"

#include "PendingResetsSortModel.h"
#include "ResetFieldsEditor.h"
#include "dialogs/ActionCommand.h"
#include "dialogs/ActionDialog.h"
#include "providers/sdkfinance/PendingResetsModel.h"
#include "providers/sdkfinance/SdkFinanceClient.h"
#include "providers/sdkfinance/SdkFinanceWire.h"
#include "services/ActionService.h"
#include "services/ActionTicket.h"
#include "services/Session.h"
#include "widgets/ActionResultLabel.h"
#include "widgets/ActionResultText.h"
#include "widgets/ModelTexts.h"

#include <QComboBox>
#include <QEvent>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QScrollBar>
#include <QSpinBox>
#include <QTableView>
#include <QTimer>
#include <QVBoxLayout>

namespace {
constexpr int kDefaultIntervalSeconds = 30;
}

PendingResetsView::PendingResetsView(QWidget* parent)
    : ProviderTab(parent)
    , m_proxy(new PendingResetsSortModel(this))
    , m_statusFilter(new QComboBox(this))
    , m_textFilter(new QLineEdit(this))
    , m_interval(new QSpinBox(this))
    , m_refreshNow(new QPushButton(tr("Refresh &now"), this))
    , m_status(new QLabel(this))
    , m_table(new QTableView(this))
    , m_approve(new QPushButton(tr("&Approve…"), this))
    , m_decline(new QPushButton(tr("&Decline…"), this))
    , m_reset(new QPushButton(tr("Reset &identification…"), this))
    , m_openUser(new QPushButton(tr("Open &user"), this))
    , m_restriction(new QLabel(this))
    , m_result(new QLabel(this))
    , m_timer(new QTimer(this))
{
    setObjectName(QStringLiteral("pendingResetsView"));
    setAccessibleName(tr("SDK.Finance reset-identification requests"));

    m_statusFilter->setObjectName(QStringLiteral("pendingStatusFilter"));
    m_statusFilter->setAccessibleName(tr("Request status"));
    m_statusFilter->addItem(tr("Pending"), QStringLiteral("PENDING"));
    m_statusFilter->addItem(tr("Approved"), QStringLiteral("APPROVED"));
    m_statusFilter->addItem(tr("Declined"), QStringLiteral("DECLINED"));
    m_statusFilter->addItem(tr("All"), QString());
    auto* statusLabel = new QLabel(tr("&Status:"), this);
    statusLabel->setObjectName(QStringLiteral("pendingStatusLabel"));
    statusLabel->setBuddy(m_statusFilter);
    m_textFilter->setObjectName(QStringLiteral("pendingFilter"));
    m_textFilter->setAccessibleName(tr("Filter the requests"));
    m_textFilter->setPlaceholderText(tr("Filter by name, comment or id"));
    m_textFilter->setClearButtonEnabled(true);
    m_textFilter->setToolTip(
        tr("Shows only the loaded requests whose person, comment or id contains the text."));
    connect(m_textFilter, &QLineEdit::textChanged, m_proxy, &QSortFilterProxyModel::setFilterFixedString);

    m_interval->setObjectName(QStringLiteral("pendingRefreshInterval"));
    m_interval->setAccessibleName(tr("Refresh interval in seconds"));
    m_interval->setRange(0, 3600);
    m_interval->setValue(kDefaultIntervalSeconds);
    m_interval->setSuffix(tr(" s"));
    m_interval->setSpecialValueText(tr("off"));
    m_interval->setToolTip(tr("Asks SDK.Finance again this often; the selection and scroll position stay. "
                              "0 turns it off."));
    auto* intervalLabel = new QLabel(tr("Refresh &every:"), this);
    intervalLabel->setObjectName(QStringLiteral("pendingIntervalLabel"));
    intervalLabel->setBuddy(m_interval);

    m_refreshNow->setObjectName(QStringLiteral("pendingRefreshNow"));
    m_refreshNow->setAccessibleName(tr("Refresh now"));
    m_status->setObjectName(QStringLiteral("pendingStatus"));
    m_status->setAccessibleName(tr("Status of the list"));
    m_status->setWordWrap(true);

    m_table->setObjectName(QStringLiteral("pendingTable"));
    m_table->setAccessibleName(tr("Reset-identification requests"));
    m_table->setModel(m_proxy);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setAlternatingRowColors(true);
    m_table->setWordWrap(false);
    m_table->setSortingEnabled(true);
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->horizontalHeader()->setHighlightSections(false);
    m_table->horizontalHeader()->setSortIndicator(-1, Qt::AscendingOrder);

    m_approve->setObjectName(QStringLiteral("pendingApprove"));
    m_approve->setAccessibleName(tr("Approve the request"));
    m_decline->setObjectName(QStringLiteral("pendingDecline"));
    m_decline->setAccessibleName(tr("Decline the request"));
    m_reset->setObjectName(QStringLiteral("pendingReset"));
    m_reset->setAccessibleName(tr("Reset identification of the request's user"));
    m_openUser->setObjectName(QStringLiteral("pendingOpenUser"));
    m_openUser->setAccessibleName(tr("Open the request's user"));
    m_openUser->setToolTip(tr("Searches the Users tab for this user (also: double-click a row)."));

    m_restriction->setObjectName(QStringLiteral("pendingRestriction"));
    m_restriction->setAccessibleName(tr("Why SDK.Finance actions are not available"));
    m_restriction->setStyleSheet(MessageBanner::labelStyleSheet(MessageBanner::Level::Warning));
    m_restriction->setWordWrap(true);
    m_restriction->hide();
    m_result->setObjectName(QStringLiteral("pendingResult"));
    m_result->setAccessibleName(tr("Result of the last decision"));
    m_result->setWordWrap(true);
    m_result->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_result->hide();

    auto* top = new QHBoxLayout;
    top->addWidget(statusLabel);
    top->addWidget(m_statusFilter);
    top->addWidget(m_textFilter, 1);
    top->addSpacing(12);
    top->addWidget(intervalLabel);
    top->addWidget(m_interval);
    top->addWidget(m_refreshNow);
    top->addWidget(m_status, 1);
    auto* buttons = new QHBoxLayout;
    buttons->addWidget(m_approve);
    buttons->addWidget(m_decline);
    buttons->addWidget(m_reset);
    buttons->addWidget(m_openUser);
    buttons->addStretch(1);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 6, 0, 0);
    layout->addLayout(top);
    layout->addWidget(m_restriction);
    layout->addWidget(m_table, 1);
    layout->addWidget(m_result);
    layout->addLayout(buttons);

    connect(m_statusFilter, &QComboBox::currentIndexChanged, this, &PendingResetsView::onStatusChosen);
    connect(m_interval, &QSpinBox::valueChanged, this, [this](int seconds) {
        if (seconds > 0)
            m_timer->start(seconds * 1000);
        else
            m_timer->stop();
    });
    connect(m_timer, &QTimer::timeout, this, &PendingResetsView::refresh);
    connect(m_refreshNow, &QPushButton::clicked, this, &PendingResetsView::refresh);
    connect(m_table->verticalScrollBar(), &QScrollBar::rangeChanged, this, &PendingResetsView::fillViewport);
    connect(m_table, &QTableView::doubleClicked, this, [this] {
        const ResetRequest r = currentRequest();
        if (!r.id.isEmpty())
            emit openUserRequested(QString::fromLatin1(SdkFinanceWire::kProviderKey), r.userId, r.userName);
    });
    connect(m_openUser, &QPushButton::clicked, this, [this] {
        const ResetRequest r = currentRequest();
        if (!r.id.isEmpty())
            emit openUserRequested(QString::fromLatin1(SdkFinanceWire::kProviderKey), r.userId, r.userName);
    });
    connect(m_approve, &QPushButton::clicked, this, [this] { decide(QStringLiteral("approve")); });
    connect(m_decline, &QPushButton::clicked, this, [this] { decide(QStringLiteral("decline")); });
    connect(m_reset, &QPushButton::clicked, this, &PendingResetsView::openReset);
    connect(m_table->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &PendingResetsView::updateWidgets);
    m_timer->start(kDefaultIntervalSeconds * 1000);
    onStateChanged();
    updateWidgets();
}

PendingResetsView::~PendingResetsView() = default;

void PendingResetsView::setSession(const Session* session, ActionService* service)
{
    setSession(session ? session->client<SdkFinanceClient>() : nullptr, service);
}

QString PendingResetsView::title() const
{
    return tr("Pending resets (%1)").arg(QLocale().toString(count()));
}

QString PendingResetsView::menuText() const
{
    return tr("&Pending resets");
}

QString PendingResetsView::toolTip(const QString& shortcut) const
{
    return tr("SDK.Finance reset-identification requests (%1)").arg(shortcut);
}

void PendingResetsView::retranslateUi()
{
    setAccessibleName(tr("SDK.Finance reset-identification requests"));
    m_statusFilter->setAccessibleName(tr("Request status"));
    const QStringList statuses = {tr("Pending"), tr("Approved"), tr("Declined"), tr("All")};
    for (int i = 0; i < statuses.size() && i < m_statusFilter->count(); ++i)
        m_statusFilter->setItemText(i, statuses.at(i));
    if (auto* label = findChild<QLabel*>(QStringLiteral("pendingStatusLabel")))
        label->setText(tr("&Status:"));
    m_textFilter->setAccessibleName(tr("Filter the requests"));
    m_textFilter->setPlaceholderText(tr("Filter by name, comment or id"));
    m_textFilter->setToolTip(
        tr("Shows only the loaded requests whose person, comment or id contains the text."));
    m_interval->setAccessibleName(tr("Refresh interval in seconds"));
    m_interval->setSuffix(tr(" s"));
    m_interval->setSpecialValueText(tr("off"));
    m_interval->setToolTip(tr("Asks SDK.Finance again this often; the selection and scroll position stay. "
                              "0 turns it off."));
    if (auto* label = findChild<QLabel*>(QStringLiteral("pendingIntervalLabel")))
        label->setText(tr("Refresh &every:"));
    m_refreshNow->setText(tr("Refresh &now"));
    m_refreshNow->setAccessibleName(tr("Refresh now"));
    m_status->setAccessibleName(tr("Status of the list"));
    m_table->setAccessibleName(tr("Reset-identification requests"));
    m_approve->setText(tr("&Approve…"));
    m_approve->setAccessibleName(tr("Approve the request"));
    m_decline->setText(tr("&Decline…"));
    m_decline->setAccessibleName(tr("Decline the request"));
    m_reset->setText(tr("Reset &identification…"));
    m_reset->setAccessibleName(tr("Reset identification of the request's user"));
    m_openUser->setText(tr("Open &user"));
    m_openUser->setAccessibleName(tr("Open the request's user"));
    m_openUser->setToolTip(tr("Searches the Users tab for this user (also: double-click a row)."));
    m_restriction->setAccessibleName(tr("Why SDK.Finance actions are not available"));
    m_result->setAccessibleName(tr("Result of the last decision"));
    // The headers, the cells' words and the status line in the new language.
    ModelTexts::reread(m_table->model());
    // The status line, except "Updated <time>": that time is when the list was read, not now.
    if (!m_model || m_model->state() != PendingResetsModel::State::Loaded)
        onStateChanged();
    updateWidgets();
}

void PendingResetsView::changeEvent(QEvent* event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslateUi();
    ProviderTab::changeEvent(event);
}

void PendingResetsView::setSession(SdkFinanceClient* client, ActionService* service)
{
    if (m_client)
        m_client->disconnect(this);
    m_client = client;
    m_service = service;
    m_busy = false;
    PendingResetsModel* old = m_model;
    m_model = client ? new PendingResetsModel(client, this) : nullptr;
    m_proxy->setSourceModel(m_model);
    delete old;
    if (m_model) {
        connect(m_model, &PendingResetsModel::stateChanged, this, &PendingResetsView::onStateChanged);
        connect(m_model, &PendingResetsModel::totalCountChanged, this, &PendingResetsView::titleChanged);
        connect(m_model, &PendingResetsModel::pageLoaded, this, &PendingResetsView::fillViewport);
        connect(m_model, &PendingResetsModel::pageLoaded, this, &PendingResetsView::onStateChanged);
        connect(m_model, &PendingResetsModel::refreshed, this, &PendingResetsView::onStateChanged);
        connect(client, &SdkFinanceClient::loginChanged, this, &PendingResetsView::updateWidgets);
        m_model->setStatus(m_statusFilter->currentData().toString());
        m_table->horizontalHeader()->resizeSection(PendingResetsModel::UserColumn, 220);
        m_table->horizontalHeader()->resizeSection(PendingResetsModel::AgeColumn, 110);
        m_table->horizontalHeader()->resizeSection(PendingResetsModel::CreatedColumn, 150);
        m_table->horizontalHeader()->resizeSection(PendingResetsModel::StatusColumn, 90);
        m_table->horizontalHeader()->resizeSection(PendingResetsModel::CommentColumn, 260);
    }
    onStateChanged();
    updateWidgets();
    emit titleChanged();
}

void PendingResetsView::setEnvironment(const QString& profileName, bool production)
{
    m_profileName = profileName;
    m_production = production;
}

qint64 PendingResetsView::count() const
{
    return m_model ? m_model->totalCount() : 0;
}

ResetRequest PendingResetsView::currentRequest() const
{
    if (!m_model)
        return ResetRequest();
    const QModelIndexList rows = m_table->selectionModel()->selectedRows();
    if (rows.isEmpty())
        return ResetRequest();
    return m_model->itemAt(m_proxy->mapToSource(rows.first()));
}

QString PendingResetsView::resultText() const
{
    return m_result->isHidden() ? QString() : m_result->text();
}

void PendingResetsView::refresh()
{
    if (!m_model)
        return;
    if (m_model->state() == PendingResetsModel::State::Error)
        m_model->retry();
    else if (m_model->state() == PendingResetsModel::State::Idle)
        m_model->reload();
    else
        m_model->refresh();
}

void PendingResetsView::onStatusChosen()
{
    if (m_model)
        m_model->setStatus(m_statusFilter->currentData().toString());
    updateWidgets();
}

void PendingResetsView::fillViewport()
{
    // The view asks for more when scrolled to the bottom; a first page that does not fill the
    // viewport leaves nothing to scroll, so ask here.
    if (m_model && m_table->verticalScrollBar()->maximum() == 0 && m_model->canFetchMore(QModelIndex()))
        m_model->fetchMore(QModelIndex());
}

void PendingResetsView::onStateChanged()
{
    if (!m_model) {
        m_status->setText(tr("The connection profile has no 'sdkfinance' section."));
        return;
    }
    switch (m_model->state()) {
    case PendingResetsModel::State::Idle:
        m_status->clear();
        break;
    case PendingResetsModel::State::Loading:
        m_status->setText(tr("Loading requests from SDK.Finance…"));
        break;
    case PendingResetsModel::State::Loaded:
        m_status->setText(tr("%1 requests, %2 shown. Updated %3.")
                              .arg(QLocale().toString(m_model->totalCount()))
                              .arg(QLocale().toString(m_model->rowCount()))
                              .arg(QLocale().toString(QTime::currentTime(), QLocale::ShortFormat)));
        break;
    case PendingResetsModel::State::Empty:
        m_status->setText(tr("No requests with this status."));
        break;
    case PendingResetsModel::State::Error:
        m_status->setText(tr("Could not read the requests: %1").arg(m_model->lastError().message()));
        break;
    }
}

ActionRequest PendingResetsView::decisionRequest(const QString& action) const
{
    const ResetRequest r = currentRequest();
    ActionRequest request;
    request.provider = QStringLiteral("sdkfinance");
    request.action = action;
    request.userId = r.userId;
    request.params = QJsonObject{{QStringLiteral("request"), r.id}};
    return request;
}

void PendingResetsView::updateWidgets()
{
    const ResetRequest r = currentRequest();
    const auto reasonFor = [&](const QString& action) {
        if (!m_service || !m_model)
            return tr(
                "Not connected to SDK.Finance: open a connection profile with an 'sdkfinance' section.");
        QString why = m_service->authorisation().requestRestriction(decisionRequest(action));
        if (why.isEmpty() && m_busy)
            why = tr("Wait until the current decision has been handled.");
        if (why.isEmpty() && r.id.isEmpty())
            why = tr("Select a request first.");
        return why;
    };
    // Only a pending request can be decided: the provider answers 409 to any other.
    const auto decisionReasonFor = [&](const QString& action) {
        QString why = reasonFor(action);
        if (why.isEmpty() &&
            r.status.compare(QLatin1String(SdkFinanceWire::kPending), Qt::CaseInsensitive) != 0)
            why = tr("Request %1 is already %2: only a pending request can be approved or declined.")
                      .arg(r.id, r.status.toLower());
        return why;
    };
    const QString approve = decisionReasonFor(QStringLiteral("approve"));
    m_approve->setEnabled(approve.isEmpty());
    m_approve->setToolTip(approve.isEmpty() ? tr("Approves the user's request; you give a reason.")
                                            : approve);
    const QString decline = decisionReasonFor(QStringLiteral("decline"));
    m_decline->setEnabled(decline.isEmpty());
    m_decline->setToolTip(decline.isEmpty() ? tr("Declines the user's request; you give a reason.")
                                            : decline);
    const QString reset = reasonFor(QStringLiteral("reset"));
    m_reset->setEnabled(reset.isEmpty());
    m_reset->setToolTip(
        reset.isEmpty()
            ? tr("Chooses the profile fields the user must submit again, for user %1.").arg(r.userId)
            : reset);
    m_openUser->setEnabled(!r.id.isEmpty());
    // The login's missing permission concerns every action here: say it once, visibly.
    const QString permission = m_client ? m_client->resetRestriction() : QString();
    m_restriction->setText(permission);
    m_restriction->setVisible(!permission.isEmpty());
    m_statusFilter->setEnabled(m_model != nullptr);
    m_refreshNow->setEnabled(m_model != nullptr);
}

void PendingResetsView::decide(const QString& action)
{
    const ResetRequest r = currentRequest();
    if (!m_service || r.id.isEmpty())
        return;
    const ActionRequest request = decisionRequest(action);
    if (!m_service->authorisation().requestRestriction(request).isEmpty())
        return;
    const bool approve = action == QLatin1String("approve");
    const QString person = r.userName.isEmpty() ? r.userId : r.userName;
    // The common action dialog, made unmistakable: the verb in the title and on the button, the
    // colour, and the consequence in the provider module's words.
    ActionCommand::Options options;
    options.person = r.userName;
    options.productionProfile = m_production ? m_profileName : QString();
    options.decisionTitle = approve ? tr("APPROVE the reset request of %1").arg(person)
                                    : tr("DECLINE the reset request of %1").arg(person);
    options.decisionHeadline =
        approve ? tr("Approve: the person identifies anew") : tr("Decline: nothing changes for the person");
    options.decisionLevel = approve ? MessageBanner::Level::Success : MessageBanner::Level::Error;
    options.decisionVerb = approve ? tr("&Approve the reset") : tr("&Decline the request");
    QPushButton* opener = approve ? m_approve : m_decline;
    ActionDialog* dialog =
        ActionCommand::open(m_service, request, options, this, opener,
                            [this](ActionTicket* ticket, const QString& subject) { track(ticket, subject); });
    dialog->setObjectName(approve ? QStringLiteral("pendingApproveDialog")
                                  : QStringLiteral("pendingDeclineDialog"));
    if (m_client)
        connect(m_client, &SdkFinanceClient::loginChanged, dialog, &ActionDialog::recheck);
}

void PendingResetsView::track(ActionTicket* ticket, const QString& subject)
{
    m_busy = true;
    showResult(MessageBanner::Level::Info,
               ActionResultLabel::withSubject(tr("Sending to SDK.Finance…"), subject));
    updateWidgets();
    connect(ticket, &ActionTicket::finished, this, [this, ticket, subject] {
        m_busy = false;
        const ActionResultText::Text text = ActionResultText::forTicket(*ticket);
        showResult(text.level, ActionResultLabel::withSubject(text.text, subject));
        updateWidgets();
        refresh();
    });
}

void PendingResetsView::openReset()
{
    const ResetRequest r = currentRequest();
    if (!m_service || r.id.isEmpty())
        return;
    ActionRequest request;
    request.provider = QStringLiteral("sdkfinance");
    request.action = QStringLiteral("reset");
    request.userId = r.userId;
    ActionCommand::Options options;
    options.person = r.userName;
    options.productionProfile = m_production ? m_profileName : QString();
    options.parameters = new ResetFieldsEditor;
    ActionDialog* dialog =
        ActionCommand::open(m_service, request, options, this, m_reset,
                            [this](ActionTicket* ticket, const QString& subject) { track(ticket, subject); });
    if (m_client)
        connect(m_client, &SdkFinanceClient::loginChanged, dialog, &ActionDialog::recheck);
}

void PendingResetsView::showResult(MessageBanner::Level level, const QString& text)
{
    m_result->setStyleSheet(MessageBanner::labelStyleSheet(level));
    m_result->setText(text);
    m_result->show();
}
