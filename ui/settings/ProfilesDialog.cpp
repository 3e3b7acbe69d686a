// SPDX-License-Identifier: GPL-3.0-or-later
#include "ProfilesDialog.h"

#include "NetworkSettingsDialog.h"
#include "ProfileForm.h"
#include "providers/ProviderRegistry.h"
#include "services/ConnectionTester.h"
#include "services/ProfileExchange.h"
#include "services/ProfileRepository.h"
#include "services/SecretStore.h"
#include "widgets/MessageBanner.h"
#include "widgets/SaveFileDialog.h"

#include <QDialogButtonBox>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QMessageBox>
#include <QPushButton>
#include <QVBoxLayout>

ProfilesDialog::ProfilesDialog(ProfileRepository* repository, QWidget* parent)
    : QDialog(parent)
    , m_repository(repository)
    , m_tester(new ConnectionTester(this))
    , m_list(new QListWidget(this))
    , m_form(new ProfileForm(this))
    , m_status(new QLabel(this))
    , m_secretsNote(new QLabel(this))
{
    setObjectName(QStringLiteral("profilesDialog"));
    setWindowTitle(tr("Connection profiles — IdentityDesk"));
    m_list->setObjectName(QStringLiteral("profileList"));
    m_list->setAccessibleName(tr("Connection profiles"));
    m_list->setMinimumWidth(180);

    auto* add = new QPushButton(tr("&New"), this);
    add->setObjectName(QStringLiteral("addProfile"));
    m_remove = new QPushButton(tr("&Delete"), this);
    m_remove->setObjectName(QStringLiteral("removeProfile"));
    auto* import = new QPushButton(tr("&Import…"), this);
    import->setObjectName(QStringLiteral("importProfiles"));
    import->setToolTip(tr("Read profiles from a JSON export. Secrets in the file are not imported."));
    auto* exportButton = new QPushButton(tr("E&xport…"), this);
    exportButton->setObjectName(QStringLiteral("exportProfiles"));
    exportButton->setToolTip(tr("Write every profile to a JSON file, without any secret."));
    auto* cli = new QPushButton(tr("Export &CLI profile…"), this);
    cli->setObjectName(QStringLiteral("exportCliProfile"));
    cli->setToolTip(tr("Write the selected profile with its secrets for identitydesk-cli (mode 0600)."));

    auto* listColumn = new QVBoxLayout;
    listColumn->addWidget(m_list, 1);
    auto* listButtons = new QHBoxLayout;
    listButtons->addWidget(add);
    listButtons->addWidget(m_remove);
    listColumn->addLayout(listButtons);
    listColumn->addWidget(import);
    listColumn->addWidget(exportButton);
    listColumn->addWidget(cli);
    auto* network = new QPushButton(tr("Net&work…"), this);
    network->setObjectName(QStringLiteral("networkSettings"));
    network->setToolTip(tr("Proxy settings (the system's by default)."));
    listColumn->addWidget(network);
    connect(network, &QPushButton::clicked, this, [this] {
        auto* dialog = new NetworkSettingsDialog(m_repository->secretStore(), this);
        dialog->setAttribute(Qt::WA_DeleteOnClose);
        dialog->open();
    });

    m_status->setObjectName(QStringLiteral("profilesStatus"));
    m_status->setWordWrap(true);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_status->hide();
    m_secretsNote->setObjectName(QStringLiteral("secretsNote"));
    m_secretsNote->setWordWrap(true);
    m_secretsNote->setText(tr("Secrets are kept in %1.").arg(repository->secretStore()->description()));
    if (!repository->secretStore()->isPersistent())
        m_secretsNote->setStyleSheet(MessageBanner::labelStyleSheet(MessageBanner::Level::Warning));

    auto* buttons = new QDialogButtonBox(this);
    m_save = buttons->addButton(tr("&Save"), QDialogButtonBox::ApplyRole);
    m_save->setObjectName(QStringLiteral("saveProfile"));
    m_save->setDefault(true);
    QPushButton* close = buttons->addButton(QDialogButtonBox::Close);
    close->setObjectName(QStringLiteral("closeProfiles"));
    connect(close, &QPushButton::clicked, this, &QDialog::accept);

    auto* right = new QVBoxLayout;
    right->addWidget(m_form, 1);
    right->addWidget(m_secretsNote);
    right->addWidget(m_status);
    auto* top = new QHBoxLayout;
    top->addLayout(listColumn);
    top->addLayout(right, 1);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(top, 1);
    layout->addWidget(buttons);
    resize(860, 640);

    connect(m_list, &QListWidget::currentRowChanged, this, &ProfilesDialog::onCurrentChanged);
    connect(add, &QPushButton::clicked, this, &ProfilesDialog::addProfile);
    connect(m_remove, &QPushButton::clicked, this, &ProfilesDialog::removeProfile);
    connect(m_save, &QPushButton::clicked, this, &ProfilesDialog::save);
    connect(import, &QPushButton::clicked, this, [this] {
        auto* chooser = new QFileDialog(this, tr("Import profiles"), QString(), tr("Profiles (*.json)"));
        chooser->setAttribute(Qt::WA_DeleteOnClose);
        chooser->setFileMode(QFileDialog::ExistingFile);
        connect(chooser, &QFileDialog::fileSelected, this, &ProfilesDialog::importFile);
        chooser->open();
    });
    connect(exportButton, &QPushButton::clicked, this, [this] {
        SaveFileDialog::ask(this, tr("Export profiles"), QStringLiteral("identitydesk-profiles.json"),
                            tr("Profiles (*.json)"), this, [this](const QString& path) { exportFile(path); });
    });
    connect(cli, &QPushButton::clicked, this, &ProfilesDialog::exportCliProfile);
    connect(m_form, &ProfileForm::testRequested, this, &ProfilesDialog::runTest);
    connect(m_form, &ProfileForm::changed, this, &ProfilesDialog::updateWidgets);
    connect(m_tester, &ConnectionTester::finished, this, &ProfilesDialog::onTestFinished);

    reloadList(m_repository->currentProfileId());
    if (m_list->count() == 0)
        addProfile();
    updateWidgets();
}

ProfilesDialog::~ProfilesDialog() = default;

QString ProfilesDialog::statusText() const
{
    return m_status->isHidden() ? QString() : m_status->text();
}

void ProfilesDialog::showStatus(bool error, const QString& text)
{
    m_status->setStyleSheet(
        MessageBanner::labelStyleSheet(error ? MessageBanner::Level::Error : MessageBanner::Level::Success));
    m_status->setText(text);
    m_status->setVisible(!text.isEmpty());
}

void ProfilesDialog::reloadList(const QString& selectId)
{
    m_loading = true;
    m_list->clear();
    int row = -1;
    for (const ConnectionProfile& p : m_repository->profiles()) {
        auto* item =
            new QListWidgetItem(p.isProduction() ? tr("%1  [PRODUCTION]").arg(p.name) : p.name, m_list);
        item->setData(Qt::UserRole, p.id);
        if (p.id == selectId)
            row = m_list->count() - 1;
    }
    m_loading = false;
    if (m_list->count() > 0)
        m_list->setCurrentRow(row >= 0 ? row : 0);
}

void ProfilesDialog::selectProfile(const QString& id)
{
    for (int i = 0; i < m_list->count(); ++i)
        if (m_list->item(i)->data(Qt::UserRole).toString() == id)
            m_list->setCurrentRow(i);
}

void ProfilesDialog::onCurrentChanged()
{
    if (m_loading)
        return;
    QListWidgetItem* item = m_list->currentItem();
    const QString id = item ? item->data(Qt::UserRole).toString() : QString();
    const std::optional<ConnectionProfile> stored = id.isEmpty() ? std::nullopt : m_repository->profile(id);
    m_form->setProfile(stored.value_or(ConnectionProfile()));
    showStatus(false, QString());
    if (!stored)
        return;
    // The secrets arrive from the keychain asynchronously.
    for (const ProviderModule* module : ProviderRegistry::instance().modules()) {
        const QString provider = module->key();
        const QString field = module->secretField();
        m_repository->secretStore()->read(
            ProfileRepository::secretKey(id, provider, field), this,
            [this, id, provider](const SecretStore::Result& r) {
                const QListWidgetItem* current = m_list->currentItem();
                if (!current || current->data(Qt::UserRole).toString() != id)
                    return;
                if (r.status == SecretStore::Result::Status::Found)
                    m_form->setSecret(provider, r.value);
                else if (!r.ok())
                    showStatus(true, tr("The secrets could not be read: %1").arg(r.error));
            });
    }
}

void ProfilesDialog::addProfile()
{
    m_list->setCurrentRow(-1);
    m_list->clearSelection();
    ConnectionProfile fresh;
    fresh.name = tr("New profile");
    m_form->setProfile(fresh);
    showStatus(false, QString());
    updateWidgets();
}

void ProfilesDialog::removeProfile()
{
    QListWidgetItem* item = m_list->currentItem();
    if (!item)
        return;
    const QString id = item->data(Qt::UserRole).toString();
    auto* box =
        new QMessageBox(QMessageBox::Question, tr("Delete profile"),
                        tr("Delete the profile “%1” and its secrets in the keychain?").arg(item->text()),
                        QMessageBox::Yes | QMessageBox::Cancel, this);
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->setDefaultButton(QMessageBox::Cancel);
    connect(box, &QMessageBox::accepted, this, [this, id] {
        m_repository->remove(id);
        reloadList(QString());
        if (m_list->count() == 0)
            addProfile();
    });
    box->open();
}

void ProfilesDialog::updateWidgets()
{
    const QMap<QString, QString> problems = m_form->problems();
    m_save->setEnabled(problems.isEmpty());
    m_save->setToolTip(problems.isEmpty() ? tr("Save the profile; secrets go to the keychain.")
                                          : tr("Fix first: %1").arg(problems.first()));
    m_remove->setEnabled(m_list->currentItem() != nullptr);
}

void ProfilesDialog::save()
{
    const QMap<QString, QString> problems = m_form->problems();
    if (!problems.isEmpty()) {
        showStatus(true, tr("Not saved: %1 — %2").arg(problems.firstKey(), problems.first()));
        return;
    }
    ConnectionProfile profile = m_form->profile();
    const QString name = profile.name;
    auto savedId = std::make_shared<QString>();
    const QString id = m_repository->save(profile, [this, name, savedId](const QString& error) {
        if (!error.isEmpty()) {
            showStatus(true, error);
            return;
        }
        showStatus(
            false,
            tr("Saved “%1”. Secrets are kept in %2.").arg(name, m_repository->secretStore()->description()));
        emit profileSaved(*savedId); // the secrets are stored: the profile can be opened
    });
    *savedId = id;
    reloadList(id);
}

void ProfilesDialog::runTest(const QString& provider)
{
    ConnectionProfile profile = m_form->profile();
    QString error;
    if (!ProfileRepository::loadCaCertificates(&profile, &error)) {
        m_form->showTestResult(provider, false, error);
        return;
    }
    m_form->showTestRunning(provider);
    m_tester->test(profile, provider);
}

void ProfilesDialog::onTestFinished(const ConnectionTestResult& result)
{
    m_form->showTestResult(result.provider, result.ok, result.message);
}

void ProfilesDialog::importFile(const QString& path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        showStatus(true, tr("Cannot read %1: %2").arg(path, file.errorString()));
        return;
    }
    QStringList warnings;
    QString error;
    const auto imported =
        ProfileExchange::importProfiles(file.readAll(), &warnings, &error, QFileInfo(path).absolutePath());
    if (!imported) {
        showStatus(true, tr("Nothing was imported. %1").arg(error));
        return;
    }
    QString last;
    for (ConnectionProfile p : *imported) {
        p.id.clear();
        last = m_repository->save(p, nullptr);
    }
    reloadList(last);
    const QString done = tr("Imported %n profile(s) from %1.", nullptr, int(imported->size())).arg(path);
    if (warnings.isEmpty()) {
        showStatus(false, done);
        return;
    }
    m_status->setStyleSheet(MessageBanner::labelStyleSheet(MessageBanner::Level::Warning));
    m_status->setText(done + QLatin1Char('\n') + warnings.join(QLatin1Char('\n')));
    m_status->show();
}

void ProfilesDialog::exportFile(const QString& path)
{
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate) ||
        file.write(ProfileExchange::exportProfiles(m_repository->profiles())) < 0) {
        showStatus(true, tr("Cannot write %1: %2").arg(path, file.errorString()));
        return;
    }
    showStatus(false, tr("Exported the profiles to %1 (without secrets).").arg(path));
}

void ProfilesDialog::exportCliProfile()
{
    const QMap<QString, QString> problems = m_form->problems();
    if (!problems.isEmpty()) {
        showStatus(true, tr("Fix the profile first: %1").arg(problems.first()));
        return;
    }
    auto* box =
        new QMessageBox(QMessageBox::Warning, tr("Export CLI profile"),
                        tr("The CLI profile file holds this profile's API keys and passwords in plain "
                           "text (readable by your user only, mode 0600). Anyone who can read it can act "
                           "on the providers as you. Write it?"),
                        QMessageBox::NoButton, this);
    box->setObjectName(QStringLiteral("cliExportConfirmation"));
    box->setAttribute(Qt::WA_DeleteOnClose);
    QPushButton* write = box->addButton(tr("Write the file with secrets"), QMessageBox::AcceptRole);
    box->setDefaultButton(box->addButton(QMessageBox::Cancel));
    const ConnectionProfile profile = m_form->profile();
    connect(box, &QMessageBox::buttonClicked, this, [this, write, profile](QAbstractButton* clicked) {
        if (clicked != write)
            return;
        SaveFileDialog::ask(this, tr("Export CLI profile"), QStringLiteral("profile.json"),
                            tr("Profile (*.json)"), this, [this, profile](const QString& path) {
                                QString error;
                                if (ProfileExchange::writeCliProfile(path, profile, &error))
                                    showStatus(false, tr("Wrote %1 (mode 0600).").arg(path));
                                else
                                    showStatus(true, error);
                            });
    });
    box->open();
}
