// SPDX-License-Identifier: GPL-3.0-or-later
#include "MainWindow.h"

#include "domain/ConnectionProfile.h"
#include "models/UsersModel.h"
#include "search/UserDetailPane.h"
#include "services/Session.h"
#include "services/UserDirectory.h"
#include "widgets/MessageBanner.h"

#include <QAction>
#include <QApplication>
#include <QHeaderView>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QMenuBar>
#include <QScrollBar>
#include <QSplitter>
#include <QStatusBar>
#include <QTableView>
#include <QTimer>
#include <QVBoxLayout>

namespace {
constexpr int kDebounceMs = 250;
}

MainWindow::MainWindow(QWidget* parent)
    : QMainWindow(parent)
    , m_search(new QLineEdit(this))
    , m_searchStatus(new QLabel(this))
    , m_banner(new MessageBanner(this))
    , m_table(new QTableView(this))
    , m_detail(new UserDetailPane(this))
    , m_profileLabel(new QLabel(this))
    , m_environmentLabel(new QLabel(this))
    , m_debounce(new QTimer(this))
{
    setObjectName(QStringLiteral("mainWindow"));
    buildUi();
    createActions();
    m_debounce->setSingleShot(true);
    m_debounce->setInterval(kDebounceMs);
    connect(m_debounce, &QTimer::timeout, this, &MainWindow::searchNow);
    connect(m_search, &QLineEdit::textEdited, this, [this] { m_debounce->start(); });
    connect(m_search, &QLineEdit::returnPressed, this, &MainWindow::searchNow);
    connect(m_banner, &MessageBanner::actionTriggered, this, [this] {
        m_banner->hide();
        if (m_model)
            m_model->retry();
    });
    connect(m_table->verticalScrollBar(), &QScrollBar::rangeChanged, this, &MainWindow::fillViewport);
    showStatusMessage(tr("Not connected. Start with --demo, or open a connection profile with --profile FILE."));
    m_search->setEnabled(false);
    updateWindowTitle();
}

MainWindow::~MainWindow() = default;

void MainWindow::buildUi()
{
    m_search->setObjectName(QStringLiteral("searchField"));
    m_search->setPlaceholderText(tr("Search users by name, e-mail or reference  (Ctrl+F)"));
    m_search->setClearButtonEnabled(true);
    m_search->setAccessibleName(tr("Search users"));
    m_search->setAccessibleDescription(tr("Type part of a name, e-mail address or reference; results appear below."));
    m_search->installEventFilter(this);
    m_searchStatus->setObjectName(QStringLiteral("searchStatus"));
    m_searchStatus->setAccessibleName(tr("Search status"));
    m_searchStatus->setWordWrap(true);

    m_table->setObjectName(QStringLiteral("resultsView"));
    m_table->setAccessibleName(tr("Search results"));
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setAlternatingRowColors(true);
    m_table->setWordWrap(false);
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->horizontalHeader()->setHighlightSections(false);

    m_detail->setMinimumWidth(280);
    auto* splitter = new QSplitter(Qt::Horizontal, this);
    splitter->setObjectName(QStringLiteral("mainSplitter"));
    splitter->addWidget(m_table);
    splitter->addWidget(m_detail);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 1);
    splitter->setChildrenCollapsible(false);
    splitter->setSizes({720, 360});

    auto* central = new QWidget(this);
    auto* layout = new QVBoxLayout(central);
    layout->addWidget(m_search);
    layout->addWidget(m_banner);
    layout->addWidget(m_searchStatus);
    layout->addWidget(splitter, 1);
    setCentralWidget(central);

    m_profileLabel->setObjectName(QStringLiteral("profileLabel"));
    m_environmentLabel->setObjectName(QStringLiteral("environmentLabel"));
    statusBar()->addPermanentWidget(m_profileLabel);
    statusBar()->addPermanentWidget(m_environmentLabel);
    resize(1100, 680);
}

bool MainWindow::eventFilter(QObject* watched, QEvent* event)
{
    if (watched == m_search && event->type() == QEvent::KeyPress) {
        const auto* key = static_cast<QKeyEvent*>(event);
        if (key->key() == Qt::Key_Down && m_model && m_model->rowCount() > 0) {
            // Down from the search box walks into the results, like a browser's address bar.
            m_table->setFocus(Qt::TabFocusReason);
            if (!m_table->currentIndex().isValid())
                m_table->setCurrentIndex(m_model->index(0, 0));
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
    QAction* quit = fileMenu->addAction(tr("&Quit"), this, &QWidget::close);
    quit->setShortcut(QKeySequence::Quit);

    QMenu* searchMenu = menuBar()->addMenu(tr("&Search"));
    QAction* find = searchMenu->addAction(tr("&Find users"), this, [this] {
        m_search->setFocus(Qt::ShortcutFocusReason);
        m_search->selectAll();
    });
    find->setShortcuts({QKeySequence::Find, QKeySequence(Qt::CTRL | Qt::Key_K)});
    QAction* refresh = searchMenu->addAction(tr("&Refresh"), this, [this] {
        if (m_model && m_model->state() == UsersModel::State::Error)
            m_model->retry();
        else
            searchNow();
    });
    refresh->setShortcut(QKeySequence::Refresh);
    QAction* results = searchMenu->addAction(tr("Go to &results"), this, [this] { m_table->setFocus(); });
    results->setShortcut(QKeySequence(Qt::ALT | Qt::Key_R));
}

bool MainWindow::openProfile(const QString& path)
{
    QString error;
    auto profile = ConnectionProfile::load(path, &error);
    if (!profile) {
        showError(error);
        return false;
    }
    if (!profile->trustSwiftly) {
        showError(tr("The connection profile %1 has no provider that can search users. Add a 'trustswiftly' "
                     "section.")
                      .arg(path));
        return false;
    }
    // The model uses the session's directory: replace both, model first.
    UsersModel* oldModel = m_model;
    Session* oldSession = m_session;
    m_session = new Session(*profile, this);
    m_model = new UsersModel(m_session->searchDirectory(), this);
    m_table->setModel(m_model);
    delete oldModel;
    delete oldSession;
    m_table->horizontalHeader()->resizeSection(UsersModel::NameColumn, 200);
    m_table->horizontalHeader()->resizeSection(UsersModel::EmailColumn, 260);
    m_table->horizontalHeader()->resizeSection(UsersModel::PhoneColumn, 140);
    m_detail->setDirectory(m_session->searchDirectory());
    m_detail->clear();
    connect(m_model, &UsersModel::stateChanged, this, &MainWindow::onStateChanged);
    connect(m_model, &UsersModel::pageLoaded, this, &MainWindow::fillViewport);
    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            &MainWindow::onCurrentRowChanged);
    connect(m_detail, &UserDetailPane::userRefreshed, m_model, &UsersModel::updateUser);

    m_banner->hide();
    m_search->setEnabled(true);
    m_search->setFocus();
    m_profileLabel->setText(tr("Profile: %1").arg(profile->name));
    const bool production = profile->isProduction();
    m_environmentLabel->setText(production ? tr("PRODUCTION") : tr("Test environment"));
    m_environmentLabel->setStyleSheet(production ? QStringLiteral("QLabel { background: #b00020; color: white; "
                                                                  "font-weight: bold; padding: 0 6px; }")
                                                 : QString());
    updateWindowTitle();
    onStateChanged();
    if (!m_search->text().trimmed().isEmpty())
        searchNow();
    return true;
}

void MainWindow::showStatusMessage(const QString& text)
{
    m_searchStatus->setText(text);
}

void MainWindow::showError(const QString& text)
{
    m_banner->showMessage(MessageBanner::Level::Error, text);
}

void MainWindow::searchNow()
{
    m_debounce->stop();
    if (!m_model)
        return;
    m_banner->hide();
    m_detail->clear();
    m_model->setQuery(m_search->text());
}

void MainWindow::onStateChanged()
{
    if (!m_model)
        return;
    const QString provider = m_session->searchDirectory()->providerName();
    const QString query = m_model->query();
    switch (m_model->state()) {
    case UsersModel::State::Idle:
        m_searchStatus->setText(tr("Type part of a name, e-mail address or reference to search %1.").arg(provider));
        break;
    case UsersModel::State::Loading: m_searchStatus->setText(tr("Searching %1 for “%2”…").arg(provider, query)); break;
    case UsersModel::State::Loaded:
        m_searchStatus->setText(tr("Matches for “%1”: %2 — %3 shown%4")
                                    .arg(query)
                                    .arg(QLocale().toString(m_model->totalCount()))
                                    .arg(QLocale().toString(m_model->rowCount()))
                                    .arg(m_model->isFetching() ? tr(", loading more…") : QString()));
        break;
    case UsersModel::State::Empty:
        m_searchStatus->setText(tr("No users match “%1” at %2. Check the spelling or search by e-mail.")
                                    .arg(query, provider));
        break;
    case UsersModel::State::Error:
        m_searchStatus->setText(tr("The search failed."));
        m_banner->showMessage(MessageBanner::Level::Error, m_model->lastError().message(), tr("&Retry"));
        break;
    }
}

void MainWindow::onCurrentRowChanged()
{
    const QModelIndex current = m_table->selectionModel()->currentIndex();
    if (!current.isValid()) {
        m_detail->clear();
        return;
    }
    m_detail->showUser(m_model->itemAt(current));
}

void MainWindow::fillViewport()
{
    // Views fetch more when scrolled to the bottom; while the first pages do not even fill the
    // viewport there is nothing to scroll, so ask for the next page here.
    if (m_model && m_table->verticalScrollBar()->maximum() == 0 && m_model->canFetchMore(QModelIndex()))
        m_model->fetchMore(QModelIndex());
}

void MainWindow::updateWindowTitle()
{
    if (!m_session) {
        setWindowTitle(tr("IdentityDesk"));
        return;
    }
    const ConnectionProfile& p = m_session->profile();
    setWindowTitle(p.isProduction() ? tr("IdentityDesk — %1 — PRODUCTION").arg(p.name)
                                    : tr("IdentityDesk — %1 (test)").arg(p.name));
}
