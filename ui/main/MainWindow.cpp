// SPDX-License-Identifier: GPL-3.0-or-later
#include "MainWindow.h"

#include "approvals/ApprovalsView.h"
#include "audit/AuditView.h"
#include "bulk/BulkJobDialog.h"
#include "bulk/JobsView.h"
#include "dialogs/ChangePasswordDialog.h"
#include "dialogs/OperatorsDialog.h"
#include "dialogs/PolicyDialog.h"
#include "domain/ConnectionProfile.h"
#include "domain/DisplayTime.h"
#include "main/ConsoleCheckpointer.h"
#include "main/SessionLock.h"
#include "models/ActionsModel.h"
#include "models/FederatedSearchModel.h"
#include "net/HttpReply.h"
#include "providers/ProviderPanel.h"
#include "providers/ProviderRegistry.h"
#include "providers/ProviderTab.h"
#include "providers/UiProviderRegistry.h"
#include "search/UserDetailPane.h"
#include "services/ActionService.h"
#include "services/BulkJobService.h"
#include "services/ConsoleServices.h"
#include "services/SearchService.h"
#include "services/Session.h"
#include "services/SubjectService.h"
#include "services/UserDirectory.h"
#include "subjects/FederatedSortModel.h"
#include "subjects/ProfileSectionBox.h"
#include "subjects/SourceStatusStrip.h"
#include "subjects/SubjectProfileView.h"
#include "unresolved/UnresolvedView.h"
#include "widgets/ProductionBanner.h"
#include "widgets/RefreshThrottle.h"

#include <QAction>
#include <QApplication>
#include <QComboBox>
#include <QHeaderView>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QMenuBar>
#include <QScrollArea>
#include <QScrollBar>
#include <QSplitter>
#include <QStatusBar>
#include <QTabWidget>
#include <QTableView>
#include <QTimer>
#include <QVBoxLayout>

namespace {
constexpr int kDebounceMs = 250;
/// Other consoles change the queues too: read them again this often.
constexpr int kRefreshMs = 30 * 1000;

QString roleName(Role role)
{
    switch (role) {
    case Role::Officer:
        return MainWindow::tr("Officer");
    case Role::Supervisor:
        return MainWindow::tr("Supervisor");
    case Role::Auditor:
        return MainWindow::tr("Auditor");
    }
    return QString();
}
} // namespace

MainWindow::MainWindow(const ConsoleServices& services, const Operator& op, QWidget* parent)
    : QMainWindow(parent)
    , m_services(services)
    , m_operator(op)
    , m_search(new QLineEdit(this))
    , m_searchStatus(new QLabel(this))
    , m_banner(new MessageBanner(this))
    , m_productionBanner(new ProductionBanner(this))
    , m_tabs(new QTabWidget(this))
    , m_table(new QTableView(this))
    , m_detail(new UserDetailPane(this))
    , m_approvals(new ApprovalsView(services.newActionsModel(ActionRecord::State::PendingApproval), this))
    , m_unresolved(new UnresolvedView(services.newActionsModel(ActionRecord::State::Unresolved), this))
    , m_audit(new AuditView(services.auditLog(), this))
    , m_operatorLabel(new QLabel(this))
    , m_profileLabel(new QLabel(this))
    , m_environmentLabel(new QLabel(this))
    , m_debounce(new QTimer(this))
    , m_refreshTimer(new QTimer(this))
{
    m_subjects = services.newSubjectService(op);
    m_proxy = new FederatedSortModel(this);
    m_sourceStrip = new SourceStatusStrip(this);
    m_suggestionBanner = new MessageBanner(this);
    m_filter = new QLineEdit(this);
    m_providerFilter = new QComboBox(this);
    m_profileView = new SubjectProfileView(this);
    m_profileView->setService(services.newProfileService(nullptr));
    for (const ProviderUi* ui : UiProviderRegistry::instance().providers()) {
        if (ProviderTab* tab = ui->createTab(this))
            m_providerTabs << tab;
    }
    setObjectName(QStringLiteral("mainWindow"));
    buildUi();
    createActions();
    m_debounce->setSingleShot(true);
    m_debounce->setInterval(kDebounceMs);
    connect(m_debounce, &QTimer::timeout, this, [this] {
        if (m_searchService)
            m_searchService->startDeferred();
    });
    m_debounce->setObjectName(QStringLiteral("searchDebounce"));
    // Issue 34: the local index answers every keystroke at once; the providers (rate-limited, remote)
    // are asked once typing pauses. A new keystroke starts a new search, so an older one never shows.
    connect(m_search, &QLineEdit::textEdited, this, [this] {
        if (m_model) {
            if (m_bannerAction == BannerAction::RetrySearch)
                m_banner->hide();
            clearPerson();
            m_profileView->clear();
            m_model->setQuery(m_search->text(), SearchService::Providers::Deferred);
        }
        m_debounce->start();
    });
    connect(m_search, &QLineEdit::returnPressed, this, &MainWindow::searchNow);
    connect(m_banner, &MessageBanner::actionTriggered, this, [this] {
        m_banner->hide();
        if (m_bannerAction == BannerAction::RetrySearch && m_model)
            retryFailedSources();
        else if (m_bannerAction == BannerAction::ShowUnresolved)
            showTab(UnresolvedTab);
        else if (m_bannerAction == BannerAction::ChangePassword)
            changePassword();
    });
    connect(m_table->verticalScrollBar(), &QScrollBar::rangeChanged, this, &MainWindow::fillViewport);
    connect(m_approvals, &ApprovalsView::countChanged, this, &MainWindow::updateTabTitles);
    connect(m_unresolved, &UnresolvedView::countChanged, this, &MainWindow::updateTabTitles);
    for (ProviderTab* tab : std::as_const(m_providerTabs)) {
        connect(tab, &ProviderTab::titleChanged, this, &MainWindow::updateTabTitles);
        connect(tab, &ProviderTab::openUserRequested, this, &MainWindow::openUser);
    }
    connect(m_refreshTimer, &QTimer::timeout, this, &MainWindow::refreshGovernance);
    m_refreshTimer->start(kRefreshMs);
    // Locks after the policy's idle time; signing out from the lock is signing out.
    auto* lock = new SessionLock(this, m_services.operators(), m_operator);
    connect(lock, &SessionLock::signOutRequested, this, &MainWindow::signOutRequested);

    // Until a profile is open nothing can be sent, but the queues and the log can be read.
    setActionService(m_services.newActionService(m_operator, this), nullptr);
    showStatusMessage(
        tr("Not connected. Start with --demo, or open a connection profile with --profile FILE."));
    m_search->setEnabled(false);
    updateWindowTitle();
}

MainWindow::~MainWindow()
{
    // QWidget's destructor hides the children after this body has run: the results table's scroll bar
    // then changes its range and must no longer call into this half-destroyed window (UBSan found it).
    m_table->verticalScrollBar()->disconnect(this);
    // Signing out (or quitting) with requests on their way: each is recorded now, not left Sending.
    if (m_actions)
        m_actions->interruptAll(tr("the console was closed or signed out"));
    // The session's clients finish their calls when destroyed: nothing of the search may reach the
    // half-destroyed window then.
    m_profileView->setService(nullptr);
    m_proxy->setSourceModel(nullptr);
    delete m_model;
    m_model = nullptr;
    if (m_searchService)
        m_searchService->cancel();
    delete m_searchService;
    m_searchService = nullptr;
}

void MainWindow::buildUi()
{
    m_banner->setObjectName(QStringLiteral("messageBanner"));
    m_tabs->setObjectName(QStringLiteral("mainTabs"));
    m_tabs->setAccessibleName(tr("Console sections"));
    m_tabs->setDocumentMode(true);
    m_tabs->addTab(buildUsersTab(), tr("Users"));
    m_tabs->addTab(m_approvals, tr("Approvals"));
    m_tabs->addTab(m_unresolved, tr("Unresolved"));
    m_tabs->addTab(m_audit, tr("Audit"));
    for (ProviderTab* tab : std::as_const(m_providerTabs))
        m_tabs->addTab(tab, tab->title());
    m_jobsView = new JobsView(this);
    m_jobsView->setObjectName(QStringLiteral("jobsView"));
    m_tabs->addTab(m_jobsView, tr("Jobs"));
    updateTabToolTips();

    auto* central = new QWidget(this);
    auto* layout = new QVBoxLayout(central);
    layout->addWidget(m_productionBanner);
    layout->addWidget(m_banner);
    layout->addWidget(m_tabs, 1);
    setCentralWidget(central);

    m_operatorLabel->setObjectName(QStringLiteral("operatorLabel"));
    m_operatorLabel->setText(tr("Signed in as %1 (%2)").arg(m_operator.name, roleName(m_operator.role)));
    m_profileLabel->setObjectName(QStringLiteral("profileLabel"));
    m_environmentLabel->setObjectName(QStringLiteral("environmentLabel"));
    statusBar()->addPermanentWidget(m_operatorLabel);
    statusBar()->addPermanentWidget(m_profileLabel);
    statusBar()->addPermanentWidget(m_environmentLabel);
    resize(1180, 760);
}

QWidget* MainWindow::buildUsersTab()
{
    m_search->setObjectName(QStringLiteral("searchField"));
    m_search->setPlaceholderText(tr("Search users by name, e-mail or reference  (Ctrl+F)"));
    m_search->setClearButtonEnabled(true);
    m_search->setAccessibleName(tr("Search users"));
    m_search->setAccessibleDescription(
        tr("Type part of a name, e-mail address or reference; results appear below."));
    m_search->installEventFilter(this);
    m_searchStatus->setObjectName(QStringLiteral("searchStatus"));
    m_searchStatus->setAccessibleName(tr("Search status"));
    m_searchStatus->setWordWrap(true);

    m_table->setObjectName(QStringLiteral("resultsView"));
    m_table->setAccessibleName(tr("Search results"));
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::ExtendedSelection); // several users for a bulk job
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setAlternatingRowColors(true);
    m_table->setTabKeyNavigation(false); // Tab leaves the results (arrows move within them)
    m_table->setWordWrap(false);
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->horizontalHeader()->setHighlightSections(false);
    m_table->setModel(m_proxy);
    // Sortable by any column; until the officer picks one, rows stay in the order they arrived.
    m_table->horizontalHeader()->setSortIndicator(-1, Qt::AscendingOrder);
    m_table->setSortingEnabled(true);
    m_table->setContextMenuPolicy(Qt::ActionsContextMenu);

    m_sourceStrip->setObjectName(QStringLiteral("sourceStatusStrip"));
    m_suggestionBanner->setObjectName(QStringLiteral("suggestionBanner"));
    m_suggestionBanner->hide();
    connect(m_suggestionBanner, &MessageBanner::actionTriggered, this, &MainWindow::reviewSuggestions);
    m_filter->setObjectName(QStringLiteral("resultsFilter"));
    m_filter->setPlaceholderText(tr("Filter the results shown"));
    m_filter->setAccessibleName(tr("Filter results"));
    m_filter->setClearButtonEnabled(true);
    connect(m_filter, &QLineEdit::textChanged, m_proxy, &QSortFilterProxyModel::setFilterFixedString);
    m_providerFilter->setObjectName(QStringLiteral("providerFilter"));
    m_providerFilter->setAccessibleName(tr("Show results known to"));
    m_providerFilter->addItem(tr("All providers"), QString());
    for (const QString& provider : Subject::providers())
        m_providerFilter->addItem(FederatedSearchModel::providerName(provider), provider);
    connect(m_providerFilter, &QComboBox::currentIndexChanged, this,
            [this] { m_proxy->setProviderFilter(m_providerFilter->currentData().toString()); });

    // The detail pane grows with the actions below it: let it scroll rather than squeeze.
    auto* detailScroll = new QScrollArea(this);
    detailScroll->setObjectName(QStringLiteral("detailScroll"));
    detailScroll->setAccessibleName(tr("User details"));
    auto* detailColumn = new QWidget(this);
    auto* detailLayout = new QVBoxLayout(detailColumn);
    detailLayout->setContentsMargins(0, 0, 0, 0);
    // The person's name and Trust Swiftly record first, then one card per provider: what it knows
    // (the 360 view's section) with that provider's actions in the same box.
    detailLayout->addWidget(m_detail);
    detailLayout->addWidget(m_profileView, 1);
    for (const ProviderUi* ui : UiProviderRegistry::instance().providers()) {
        ProfileSectionBox* card = m_profileView->section(ui->key());
        ProviderPanel* panel = card ? ui->createPanel(card) : nullptr;
        if (!panel)
            continue;
        panel->setObjectName(panel->objectName().isEmpty() ? ui->key() + QStringLiteral("Panel")
                                                           : panel->objectName());
        panel->setProperty("provider", ui->key());
        card->contentLayout()->addWidget(panel);
        m_panels << panel;
        connect(panel, &ProviderPanel::showActionRequested, this, &MainWindow::showAction);
        connect(panel, &ProviderPanel::linkIdRequested, this, [this, panel] { openLinkIdDialog(panel); });
        connect(panel, &ProviderPanel::personChanged, m_detail, &UserDetailPane::refresh);
        connect(m_detail, &UserDetailPane::userRefreshed, panel, &ProviderPanel::refreshPerson);
    }
    detailScroll->setWidget(detailColumn);
    detailScroll->setWidgetResizable(true);
    detailScroll->setFrameShape(QFrame::NoFrame);
    detailScroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    detailScroll->setMinimumWidth(420);

    auto* splitter = new QSplitter(Qt::Horizontal, this);
    splitter->setObjectName(QStringLiteral("mainSplitter"));
    splitter->addWidget(m_table);
    splitter->addWidget(detailScroll);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 1);
    splitter->setChildrenCollapsible(false);
    splitter->setSizes({700, 520});

    auto* page = new QWidget(this);
    page->setObjectName(QStringLiteral("usersTab"));
    auto* layout = new QVBoxLayout(page);
    layout->setContentsMargins(0, 6, 0, 0);
    auto* searchRow = new QHBoxLayout;
    searchRow->addWidget(m_search, 3);
    searchRow->addWidget(m_filter, 1);
    searchRow->addWidget(m_providerFilter);
    layout->addLayout(searchRow);
    layout->addWidget(m_searchStatus);
    layout->addWidget(m_sourceStrip);
    layout->addWidget(m_suggestionBanner);
    layout->addWidget(splitter, 1);
    return page;
}

bool MainWindow::eventFilter(QObject* watched, QEvent* event)
{
    if (watched == m_search && event->type() == QEvent::KeyPress) {
        const auto* key = static_cast<QKeyEvent*>(event);
        if (key->key() == Qt::Key_Down && m_model && m_proxy->rowCount() > 0) {
            // Down from the search box walks into the results, like a browser's address bar.
            m_table->setFocus(Qt::TabFocusReason);
            if (!m_table->currentIndex().isValid())
                m_table->setCurrentIndex(m_proxy->index(0, 0));
            return true;
        }
        if (key->key() == Qt::Key_Escape && !m_search->text().isEmpty()) {
            m_search->clear();
            searchNow();
            return true;
        }
    }
    return QMainWindow::eventFilter(watched, event);
}

void MainWindow::createActions()
{
    QMenu* fileMenu = menuBar()->addMenu(tr("&File"));
    QAction* newBulk =
        fileMenu->addAction(tr("New &bulk job from a CSV file…"), this, [this] { openBulkJob(false); });
    newBulk->setObjectName(QStringLiteral("newBulkJobAction"));
    newBulk->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_B));
    QAction* selectionBulk =
        fileMenu->addAction(tr("Bulk job for the &selected users…"), this, [this] { openBulkJob(true); });
    selectionBulk->setObjectName(QStringLiteral("selectionBulkJobAction"));
    selectionBulk->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_U));
    fileMenu->addSeparator();
    QAction* password = fileMenu->addAction(tr("Change &password…"), this, &MainWindow::changePassword);
    password->setObjectName(QStringLiteral("changePasswordAction"));
    password->setToolTip(
        tr("Choose a new password for %1; the change is in the audit log.").arg(m_operator.name));
    QAction* signOut = fileMenu->addAction(tr("Sign &out"), this, &MainWindow::signOutRequested);
    signOut->setObjectName(QStringLiteral("signOutAction"));
    signOut->setToolTip(tr("Close this console and sign in again, e.g. as another operator."));
    QAction* quit = fileMenu->addAction(tr("&Quit"), this, &QWidget::close);
    quit->setObjectName(QStringLiteral("quitAction"));
    quit->setShortcut(QKeySequence::Quit);
    createSubjectActions(fileMenu);

    QMenu* searchMenu = menuBar()->addMenu(tr("&Search"));
    QAction* find = searchMenu->addAction(tr("&Find users"), this, [this] {
        showTab(UsersTab);
        m_search->setFocus(Qt::ShortcutFocusReason);
        m_search->selectAll();
    });
    find->setShortcuts({QKeySequence::Find, QKeySequence(Qt::CTRL | Qt::Key_K)});
    QAction* refresh = searchMenu->addAction(tr("&Refresh"), this, [this] {
        if (m_tabs->currentIndex() != UsersTab) {
            refreshGovernance();
            return;
        }
        if (!retryFailedSources())
            searchNow();
    });
    refresh->setShortcut(QKeySequence::Refresh);
    QAction* results = searchMenu->addAction(tr("Go to &results"), this, [this] {
        showTab(UsersTab);
        m_table->setFocus();
    });
    results->setShortcut(QKeySequence(Qt::ALT | Qt::Key_R));

    QMenu* viewMenu = menuBar()->addMenu(tr("&View"));
    const QList<QPair<Tab, QString>> tabs = {{UsersTab, tr("&Users")},
                                             {ApprovalsTab, tr("&Approvals")},
                                             {UnresolvedTab, tr("U&nresolved")},
                                             {AuditTab, tr("Au&dit log")},
                                             {JobsTab, tr("&Jobs")}};
    QList<QPair<QWidget*, QString>> pages;
    for (const auto& [tab, text] : tabs) {
        if (tab == JobsTab) {
            for (ProviderTab* page : std::as_const(m_providerTabs))
                pages.append({page, page->menuText()});
        }
        pages.append({m_tabs->widget(tab == JobsTab ? m_tabs->indexOf(m_jobsView) : int(tab)), text});
    }
    for (qsizetype i = 0; i < pages.size(); ++i) {
        QWidget* page = pages.at(i).first;
        QAction* action =
            viewMenu->addAction(pages.at(i).second, this, [this, page] { m_tabs->setCurrentWidget(page); });
        action->setObjectName(QStringLiteral("showTab%1").arg(i + 1));
        if (i < 9)
            action->setShortcut(QKeySequence(Qt::CTRL | Qt::Key(Qt::Key_1 + int(i))));
    }

    QMenu* governance = menuBar()->addMenu(tr("&Governance"));
    governance->setObjectName(QStringLiteral("governanceMenu"));
    governance->setToolTipsVisible(true);
    m_policyAction = governance->addAction(tr("&Policy…"), this, &MainWindow::openPolicy);
    QAction* operators = governance->addAction(tr("Op&erators…"), this, &MainWindow::openOperators);
    operators->setObjectName(QStringLiteral("operatorsAction"));
    operators->setToolTip(tr("Who may sign in; supervisors deactivate and reactivate operators here."));
    m_policyAction->setObjectName(QStringLiteral("policyAction"));
    const bool supervisor = Roles::canEditPolicy(m_operator.role);
    m_policyAction->setToolTip(supervisor
                                   ? tr("Read the policy, or request a change that a second supervisor "
                                        "approves.")
                                   : tr("Read the policy: which actions need a supervisor's approval, "
                                        "and its times. Only supervisors can request a change."));
    createPreferenceMenus();
}

void MainWindow::showTab(Tab tab)
{
    m_tabs->setCurrentIndex(tab == JobsTab ? m_tabs->indexOf(m_jobsView) : int(tab));
}

void MainWindow::clearPerson()
{
    m_detail->clear();
    for (ProviderPanel* panel : std::as_const(m_panels))
        panel->clear();
}

void MainWindow::setActionService(ActionService* service, const Session* session)
{
    m_actions = service;
    m_approvals->setActionService(service);
    m_unresolved->setActionService(service);
    for (ProviderTab* tab : std::as_const(m_providerTabs))
        tab->setSession(session, service);
    for (ProviderPanel* panel : std::as_const(m_panels))
        panel->setSession(session, service);
    connect(service, &ActionService::actionChanged, m_audit, &AuditView::markStale);
    // The person view follows every submit, approval, rejection, withdrawal, outcome and re-check: its
    // audit history, what waits for approval and its "as of" time are read again (at most every 300 ms).
    auto* personRefresh = new RefreshThrottle(
        300, [this] { onCurrentRowChanged(); }, service);
    connect(service, &ActionService::actionChanged, personRefresh,
            [personRefresh] { personRefresh->trigger(); });
    // Bulk jobs: approved here, run here; at start, offer to resume the ones a stopped console left.
    m_bulk = new BulkJobService(service, service);
    m_bulk->setRunOnApproval(session != nullptr);
    m_jobsView->setJobService(m_bulk);
    // The offer is on the Jobs tab: shown at once, so that nobody misses a job left half done.
    if (session && m_jobsView->offerInterruptedJobs() > 0)
        showTab(JobsTab);
}

void MainWindow::openBulkJob(bool fromSelection)
{
    if (!m_session || !m_bulk) {
        showError(tr("Open a connection profile first: bulk jobs need the providers' connections."));
        return;
    }
    auto* dialog = new BulkJobDialog(m_bulk, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    if (m_session->profile().isProduction())
        dialog->setProductionEnvironment(m_session->profile().name);
    if (fromSelection && m_model) {
        QList<QMap<QString, QString>> people;
        for (const QModelIndex& index : m_table->selectionModel()->selectedRows()) {
            QMap<QString, QString> ids;
            const QVariantMap known = index.data(FederatedSearchModel::ProviderIdsRole).toMap();
            for (auto it = known.cbegin(); it != known.cend(); ++it)
                ids.insert(it.key(), it.value().toString());
            people.append(ids);
        }
        // The provider searched first is the usual one of a search hit; else the first one the person has.
        QString preferred = ProviderRegistry::instance().searchingKeys().value(0);
        if (!people.isEmpty() && !people.first().contains(preferred) && !people.first().isEmpty())
            preferred = people.first().firstKey();
        dialog->setSelectedPeople(people, preferred);
    }
    connect(dialog, &BulkJobDialog::submitted, this, [this] {
        m_jobsView->refresh();
        refreshGovernance();
    });
    dialog->show();
}

bool MainWindow::openProfile(const QString& path)
{
    QString error;
    auto profile = ConnectionProfile::load(path, &error);
    if (!profile) {
        showError(error);
        return false;
    }
    return openConnection(*profile);
}

bool MainWindow::openConnection(const ConnectionProfile& loaded)
{
    const std::optional<ConnectionProfile> profile = loaded;
    // A production profile works with the one store it was first used with.
    if (QString refused; !m_services.checkProfileBinding(loaded, m_operator, &refused)) {
        showError(refused);
        return false;
    }
    // The search box's directory is the provider searched first (ProviderRegistry::searchingKeys()).
    const QString directoryKey = ProviderRegistry::instance().searchingKeys().value(0);
    const ProviderModule* directory = ProviderRegistry::instance().find(directoryKey);
    if (!directory || !directory->isConfigured(*profile)) {
        showError(tr("The connection profile %1 has no provider that can search users. Add a '%2' section.")
                      .arg(profile->filePath.isEmpty() ? profile->name : profile->filePath, directoryKey));
        return false;
    }
    // The model uses the session's directory, the action service its executors: replace them all,
    // the users of each first.
    FederatedSearchModel* oldModel = m_model;
    SearchService* oldSearch = m_searchService;
    Session* oldSession = m_session;
    ActionService* oldActions = m_actions;
    m_session = new Session(*profile, this);
    ActionService* actions = m_services.newActionService(m_operator, this);
    actions->useSession(*m_session);
    setActionService(actions, m_session);
    m_searchService = new SearchService(m_subjects.get(), this);
    m_searchService->addDefaultSources(*m_session);
    m_model = new FederatedSearchModel(m_searchService, this);
    m_proxy->setSourceModel(m_model);
    m_sourceStrip->setService(m_searchService);
    m_profileView->setService(m_services.newProfileService(m_session));
    delete oldModel;
    delete oldSearch;
    // Requests still on their way under the old profile: recorded now (Unresolved, or Failed when
    // provably not sent), never left Sending until a restart.
    if (oldActions)
        oldActions->interruptAll(tr("the console switched to the profile %1").arg(profile->name));
    delete oldActions;
    delete oldSession;
    m_table->horizontalHeader()->resizeSection(FederatedSearchModel::NameColumn, 170);
    m_table->horizontalHeader()->resizeSection(FederatedSearchModel::EmailColumn, 220);
    m_table->horizontalHeader()->resizeSection(FederatedSearchModel::PhoneColumn, 120);
    m_table->horizontalHeader()->resizeSection(FederatedSearchModel::SubjectColumn, 110);
    m_table->horizontalHeader()->resizeSection(FederatedSearchModel::ProvidersColumn, 170);
    m_detail->setDirectory(m_session->searchDirectory());
    clearPerson();
    for (ProviderPanel* panel : std::as_const(m_panels))
        panel->setEnvironment(profile->name, profile->isProduction());
    for (ProviderTab* tab : std::as_const(m_providerTabs))
        tab->setEnvironment(profile->name, profile->isProduction());
    connect(m_model, &FederatedSearchModel::sourceStatusChanged, m_sourceStrip,
            &SourceStatusStrip::updateStatus);
    connect(m_model, &FederatedSearchModel::sourceStatusChanged, this, &MainWindow::onStateChanged);
    connect(m_model, &FederatedSearchModel::suggestionsChanged, this, &MainWindow::onSuggestionsChanged);
    connect(m_model, &QAbstractItemModel::rowsInserted, this, &MainWindow::onStateChanged);
    connect(m_model, &QAbstractItemModel::modelReset, this, &MainWindow::onStateChanged);
    connect(m_searchService, &SearchService::idle, this, &MainWindow::fillViewport);
    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            &MainWindow::onCurrentRowChanged, Qt::UniqueConnection);
    // Clicking the shown person's row again reads them again.
    connect(m_table, &QAbstractItemView::clicked, this, &MainWindow::onCurrentRowChanged,
            Qt::UniqueConnection);

    m_banner->hide();
    m_search->setEnabled(true);
    m_search->setFocus();
    m_profileLabel->setText(tr("Profile: %1").arg(profile->name));
    const bool production = profile->isProduction();
    m_environmentLabel->setText(production ? tr("PRODUCTION") : tr("Test environment"));
    m_environmentLabel->setStyleSheet(production
                                          ? QStringLiteral("QLabel { background: #b00020; color: white; "
                                                           "font-weight: bold; padding: 0 6px; }")
                                          : QString());
    m_productionBanner->setProfile(profile->name, production);
    updateWindowTitle();
    onStateChanged();
    if (!m_search->text().trimmed().isEmpty())
        searchNow();
    return true;
}

int MainWindow::recoverInterruptedActions()
{
    QString error;
    const int moved = m_actions->recoverInterrupted(&error);
    if (moved < 0) {
        showBanner(MessageBanner::Level::Error,
                   tr("Actions interrupted by a stopped console could not be looked for: %1").arg(error),
                   QString(), BannerAction::None);
        return moved;
    }
    if (moved > 0) {
        m_unresolved->refresh();
        m_jobsView->refresh(); // rows that were in flight now count as unknown
        showBanner(
            MessageBanner::Level::Warning,
            tr("A console stopped while sending: %1 of its actions may or may not have been processed and "
               "are now listed under Unresolved (%2 in all). Check them at the provider and resolve them.")
                .arg(moved)
                .arg(m_unresolved->count()),
            tr("Show &Unresolved"), BannerAction::ShowUnresolved);
    }
    return moved;
}

void MainWindow::refreshGovernance()
{
    m_approvals->refresh();
    m_unresolved->refresh();
    m_audit->markStale();
    if (m_checkpointer)
        m_checkpointer->checkpointIfDue();
}

void MainWindow::setCheckpointSecrets(SecretStore* secrets)
{
    delete m_checkpointer;
    m_checkpointer =
        secrets ? new ConsoleCheckpointer(m_services.checkpoints(), m_operator, secrets, this) : nullptr;
    if (m_checkpointer)
        connect(m_checkpointer, &ConsoleCheckpointer::checkpointed, this,
                [this](bool ok, const QString& message) {
                    if (ok)
                        showStatusMessage(message);
                    else
                        showBanner(MessageBanner::Level::Warning, message, QString(), BannerAction::None);
                });
}

void MainWindow::updateTabTitles()
{
    m_tabs->setTabText(ApprovalsTab, tr("Approvals (%1)").arg(m_approvals->count()));
    m_tabs->setTabText(UnresolvedTab, tr("Unresolved (%1)").arg(m_unresolved->count()));
    for (ProviderTab* tab : std::as_const(m_providerTabs))
        m_tabs->setTabText(m_tabs->indexOf(tab), tab->title());
}

void MainWindow::openPolicy()
{
    auto* dialog = new PolicyDialog(m_services.governance(), m_operator, this);
    connect(dialog, &QDialog::finished, dialog, &QObject::deleteLater);
    connect(dialog, &QDialog::accepted, this, [this, dialog] {
        showBanner(
            MessageBanner::Level::Info,
            tr("Policy change requested (action #%1): it takes effect when another supervisor approves it "
               "in Approvals.")
                .arg(dialog->requestedAction()),
            QString(), BannerAction::None);
        m_audit->markStale();
        if (m_actions) // the Approvals list shows the request at once
            emit m_actions->actionChanged(dialog->requestedAction());
    });
    dialog->open();
}

void MainWindow::openOperators()
{
    auto* dialog = new OperatorsDialog(m_services.operators(), m_operator, this);
    connect(dialog, &QDialog::finished, dialog, &QObject::deleteLater);
    connect(dialog, &OperatorsDialog::changed, m_audit, &AuditView::markStale);
    dialog->open();
}

void MainWindow::openUser(const QString& provider, const QString& userId, const QString& userName)
{
    // A provider tab's person (SDK.Finance's users are not Trust Swiftly's): search the Users tab by
    // name (by id when there is no name) and select the row holding that provider's id.
    if (!m_model)
        return;
    showTab(UsersTab);
    m_search->setText(userName.isEmpty() ? userId : userName);
    searchNow();
    // The person is selected when the search has found them (onStateChanged()): until then no person
    // is shown, and nothing can be done to anyone.
    m_openUser = {provider, userId};
}

void MainWindow::warnOfFirstPassword()
{
    const QDateTime expiry = m_services.operators().passwordExpiry();
    if (!expiry.isValid())
        return;
    showBanner(MessageBanner::Level::Warning,
               tr("You signed in with a first password, which stops working on %1. Choose your own now.")
                   .arg(DisplayTime::formatLong(expiry)),
               tr("Change &password…"), BannerAction::ChangePassword);
}

void MainWindow::changePassword()
{
    const OperatorService operators = m_services.operators();
    const QDateTime expiry = operators.passwordExpiry();
    const QString note =
        expiry.isValid() ? tr("Your first password stops working on %1.").arg(DisplayTime::formatLong(expiry))
                         : QString();
    auto* dialog = new ChangePasswordDialog(operators.passwordChange(), m_operator, note, this);
    dialog->setWindowModality(Qt::WindowModal);
    connect(dialog, &QDialog::finished, dialog, &QObject::deleteLater);
    connect(dialog, &ChangePasswordDialog::changed, this, [this] {
        m_audit->markStale();
        if (m_bannerAction == BannerAction::ChangePassword)
            m_banner->hide();
        if (m_services.signsInByDatabaseRole()) {
            // This console's connections were opened with the old password: sign in again with the new.
            m_signOutNote = tr("Your password was changed: sign in with the new one.");
            emit signOutRequested();
            return;
        }
        showBanner(MessageBanner::Level::Info,
                   tr("Your password was changed; the change is in the audit log."), QString(),
                   BannerAction::None);
    });
    dialog->open();
}

void MainWindow::showBanner(MessageBanner::Level level, const QString& text, const QString& actionText,
                            BannerAction action)
{
    m_bannerAction = action;
    m_banner->showMessage(level, text, actionText);
}

void MainWindow::showStatusMessage(const QString& text)
{
    m_searchStatus->setText(text);
    announce(m_searchStatus);
}

void MainWindow::showError(const QString& text)
{
    showBanner(MessageBanner::Level::Error, text, QString(), BannerAction::None);
}

void MainWindow::searchNow()
{
    m_debounce->stop();
    if (!m_model)
        return;
    if (m_bannerAction == BannerAction::RetrySearch)
        m_banner->hide();
    clearPerson();
    m_profileView->clear();
    m_openUser = {};
    m_model->setQuery(m_search->text());
}

void MainWindow::onStateChanged()
{
    // openUser(): the person is selected once their row is there (rows arrive after the last answer).
    if (!m_openUser.second.isEmpty() && m_searchService && !m_searchService->isBusy()) {
        for (int row = 0; row < m_proxy->rowCount(); ++row) {
            const QModelIndex index = m_proxy->index(row, 0);
            if (m_model->itemAt(m_proxy->mapToSource(index)).ids.value(m_openUser.first) ==
                m_openUser.second) {
                m_openUser = {};
                m_table->setCurrentIndex(index);
                break;
            }
        }
    }
    updateSearchStatus();
    announce(m_searchStatus);
}

void MainWindow::fillViewport()
{
    // Views fetch more when scrolled to the bottom; while the first pages do not even fill the
    // viewport there is nothing to scroll, so ask for the next page here.
    // The scroll bar's range may not follow the rows yet: count what the rows take as well.
    const int rows = m_proxy->rowCount();
    const int used = rows > 0 ? m_table->rowViewportPosition(rows - 1) + m_table->rowHeight(rows - 1) : 0;
    if (m_model && m_table->verticalScrollBar()->maximum() == 0 && used < m_table->viewport()->height() &&
        m_proxy->canFetchMore(QModelIndex()))
        m_proxy->fetchMore(QModelIndex());
}

void MainWindow::updateWindowTitle()
{
    if (!m_session) {
        setWindowTitle(tr("IdentityDesk — %1").arg(m_operator.name));
        return;
    }
    const ConnectionProfile& p = m_session->profile();
    setWindowTitle(p.isProduction() ? tr("[PRODUCTION] IdentityDesk — %1 — %2").arg(p.name, m_operator.name)
                                    : tr("IdentityDesk — %1 (test) — %2").arg(p.name, m_operator.name));
}
