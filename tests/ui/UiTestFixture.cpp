// SPDX-License-Identifier: GPL-3.0-or-later
#include <QtTest>

#include "UiTestFixture.h"

#include "SandboxServer.h"
#include "dialogs/PresenceDialog.h"
#include "main/MainWindow.h"
#include "models/FederatedSearchModel.h"
#include "services/DemoOperators.h"
#include "services/OperatorService.h"
#include "services/SearchService.h"
#include "store/Store.h"
#include "store/StoreFactory.h"
#include "subjects/FederatedSortModel.h"

#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLineEdit>
#include <QPointer>
#include <QPushButton>
#include <QTableView>
#include <QUuid>

UiTestFixture::UiTestFixture() = default;

UiTestFixture::~UiTestFixture() = default;

bool UiTestFixture::createStore(QString* error, bool empty)
{
    m_store.reset();
    m_storeUrl = QLatin1String("sqlite:") +
                 m_dir.filePath(QUuid::createUuid().toString(QUuid::Id128) + QStringLiteral(".sqlite"));
    m_store = StoreFactory::open(m_storeUrl, error);
    if (!m_store)
        return false;
    return empty || DemoOperators::seed(m_store.get(), error);
}

bool UiTestFixture::startSandbox(quint32 users, QString* error)
{
    return startSandbox(users, false, error);
}

bool UiTestFixture::startSandbox(quint32 users, bool smileIdBadSignature, QString* error)
{
    SandboxServer::Options options;
    options.smileIdBadSignature = smileIdBadSignature;
    options.users = users;
    options.seed = 11;
    m_sandbox = std::make_unique<SandboxServer>(options);
    if (!m_sandbox->start(error))
        return false;
    m_profilePath = m_dir.filePath(QStringLiteral("profile.json"));
    if (!m_sandbox->writeProfile(m_profilePath, error))
        return false;
    QFile file(m_profilePath);
    if (!file.open(QIODevice::ReadOnly)) {
        *error = file.errorString();
        return false;
    }
    QJsonObject root = QJsonDocument::fromJson(file.readAll()).object();
    file.close();
    m_smileIdEmulated = root.contains(QStringLiteral("smileid"));
    if (m_smileIdEmulated)
        return true;
    const QString base = m_sandbox->providerUrl(QStringLiteral("smileid")).toString();
    root.insert(QStringLiteral("smileid"),
                QJsonObject{{QStringLiteral("portal_url"), base},
                            {QStringLiteral("api_url"), base},
                            {QStringLiteral("partner_id"), QStringLiteral("0042")},
                            {QStringLiteral("api_key"), QStringLiteral("test-key")},
                            {QStringLiteral("email"), QStringLiteral("ops@example.com")},
                            {QStringLiteral("environment"), QStringLiteral("test")}});
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate)) {
        *error = file.errorString();
        return false;
    }
    file.write(QJsonDocument(root).toJson());
    return true;
}

Operator UiTestFixture::signIn(const QString& name) const
{
    QString error;
    const std::optional<Operator> op =
        OperatorService(m_store.get()).signIn(name, DemoOperators::password(), &error);
    if (!op)
        qFatal("cannot sign in %s: %s", qPrintable(name), qPrintable(error));
    return *op;
}

std::unique_ptr<MainWindow> UiTestFixture::openWindow(const QString& operatorName) const
{
    auto window = std::make_unique<MainWindow>(ConsoleServices(m_store.get()), signIn(operatorName));
    if (!m_profilePath.isEmpty() && !window->openProfile(m_profilePath))
        qFatal("cannot open the sandbox profile");
    window->show();
    if (!QTest::qWaitForWindowExposed(window.get()))
        qFatal("the window was not exposed");
    return window;
}

int UiTestFixture::enrolleeRequests() const
{
    int n = 0;
    for (const RecordedRequest& r : m_sandbox->requestLog())
        if (r.path.endsWith(QLatin1String("/api/v2/partner/enrollee")))
            ++n;
    return n;
}

QByteArray UiTestFixture::lastEnrolleeBody() const
{
    QByteArray body;
    for (const RecordedRequest& r : m_sandbox->requestLog())
        if (r.path.endsWith(QLatin1String("/api/v2/partner/enrollee")))
            body = r.body;
    return body;
}

QString UiTestFixture::smileIdUser(quint32 n) const
{
    return m_sandbox->population().user(n).referenceId;
}

bool UiTestFixture::screenshot(QWidget* widget, const QString& name)
{
    // Layouts settle in the event loop (a banner just hidden still takes its space until then).
    QTest::qWait(50);
    return widget->grab().save(QDir(QStringLiteral(SCREENSHOT_DIR)).filePath(name + QStringLiteral(".png")));
}

bool UiTestFixture::waitForSearch(MainWindow* window, int timeoutMs)
{
    return QTest::qWaitFor([window] { return window->searchService() && !window->searchService()->isBusy(); },
                           timeoutMs);
}

int UiTestFixture::resultRow(MainWindow* window, const QString& provider, const QString& id)
{
    QAbstractItemModel* model = window->resultsProxy();
    for (int row = 0; row < model->rowCount(); ++row) {
        const QVariantMap ids = model->index(row, 0).data(FederatedSearchModel::ProviderIdsRole).toMap();
        if (ids.contains(provider) && (id.isEmpty() || ids.value(provider).toString() == id))
            return row;
    }
    return -1;
}

bool UiTestFixture::searchAndSelect(MainWindow* window, const QString& text, const QString& provider)
{
    auto* search = window->findChild<QLineEdit*>(QStringLiteral("searchField"));
    auto* table = window->findChild<QTableView*>(QStringLiteral("resultsView"));
    window->showTab(MainWindow::UsersTab);
    search->clear();
    QTest::keyClicks(search, text);
    QTest::keyClick(search, Qt::Key_Return);
    int row = -1;
    if (!QTest::qWaitFor(
            [&] {
                row = resultRow(window, provider);
                return row >= 0 && !window->searchService()->isBusy();
            },
            10000))
        return false;
    const QRect cell = table->visualRect(table->model()->index(row, FederatedSearchModel::EmailColumn));
    QTest::mouseClick(table->viewport(), Qt::LeftButton, {}, cell.center());
    return table->currentIndex().row() == row;
}

bool UiTestFixture::confirmStepUp()
{
    auto* dialog = waitForDialog<PresenceDialog>();
    if (!dialog || dialog->objectName() != QLatin1String("stepUpDialog"))
        return false;
    QTest::keyClicks(dialog->findChild<QLineEdit*>(QStringLiteral("presencePassword")),
                     DemoOperators::password());
    QTest::mouseClick(dialog->findChild<QPushButton*>(QStringLiteral("presenceOk")), Qt::LeftButton);
    // The dialog deletes itself once it has closed: watched through a guard, never a bare pointer.
    const QPointer<PresenceDialog> guard(dialog);
    return QTest::qWaitFor([guard] { return !guard || !guard->isVisible(); }, 20000);
}
