// SPDX-License-Identifier: GPL-3.0-or-later
// MainWindow, issue 7: federated search status, the 360 view of the selected row, links between
// provider records and the subjects CSV import (kept apart from MainWindow.cpp to keep both small).
#include "MainWindow.h"

#include "approvals/ApprovalsView.h"
#include "audit/AuditView.h"
#include "models/FederatedSearchModel.h"
#include "providers/ProviderPanel.h"
#include "providers/ProviderRegistry.h"
#include "search/UserDetailPane.h"
#include "services/SearchService.h"
#include "services/SubjectImportJob.h"
#include "services/SubjectService.h"
#include "subjects/FederatedSortModel.h"
#include "subjects/ImportSubjectsDialog.h"
#include "subjects/LinkSubjectDialog.h"
#include "subjects/LinkSuggestionsDialog.h"
#include "subjects/SourceStatusStrip.h"
#include "subjects/SubjectProfileView.h"
#include "widgets/OpenFileDialog.h"

#include <QAction>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QMenuBar>
#include <QPointer>
#include <QTableView>

namespace {
QString linkRestriction(Role role)
{
    return Roles::canRequestActions(role)
               ? QString()
               : MainWindow::tr("Auditors can read the subject index but not change it.");
}

/// The record the detail pane (Trust Swiftly fields and the action panels) shows for a merged row.
UserRecord recordFor(const FederatedSearchModel::Row& row)
{
    UserRecord record;
    for (const QString& provider : ProviderRegistry::instance().searchingKeys()) {
        for (const SearchHit& h : row.hits) {
            if (record.id.isEmpty() && h.record.provider == provider)
                record = h.record;
        }
    }
    if (record.id.isEmpty()) {
        record.provider = QStringLiteral("index");
        record.id = row.subjectReference;
        record.email = row.email;
        record.firstName = row.name;
    }
    // A provider whose user id is the partner's reference (Smile ID): the id the index links is it.
    for (const ProviderModule* module : ProviderRegistry::instance().modules()) {
        if (module->recordId() == ProviderModule::RecordId::ReferenceId &&
            (record.referenceId.isEmpty() || row.ids.contains(module->key())))
            record.referenceId = row.ids.value(module->key(), record.referenceId);
    }
    return record;
}
} // namespace

void MainWindow::createSubjectActions(QMenu* fileMenu)
{
    QMenu* subjects = menuBar()->addMenu(tr("Su&bjects"));
    subjects->setObjectName(QStringLiteral("subjectsMenu"));
    subjects->setToolTipsVisible(true);
    const QString why = linkRestriction(m_operator.role);
    QAction* import = new QAction(tr("&Import subjects…"), this);
    import->setObjectName(QStringLiteral("importSubjectsAction"));
    import->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_I));
    import->setEnabled(why.isEmpty());
    import->setToolTip(why.isEmpty() ? tr("Read a subjects CSV, check it and import it (all rows or none).")
                                     : why);
    connect(import, &QAction::triggered, this, &MainWindow::importSubjects);
    fileMenu->insertAction(fileMenu->actions().value(0), import);
    fileMenu->insertSeparator(fileMenu->actions().value(1));
    subjects->addAction(import);

    m_linkAction = subjects->addAction(tr("&Link to subject…"), this, &MainWindow::openLinkDialog);
    m_linkAction->setObjectName(QStringLiteral("linkToSubjectAction"));
    m_linkAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_L));
    m_linkAction->setEnabled(why.isEmpty());
    m_linkAction->setToolTip(why.isEmpty() ? tr("Link the selected person's records to a subject reference.")
                                           : why);
    m_table->addAction(m_linkAction);
    m_reviewAction = subjects->addAction(tr("&Review possible links…"), this, &MainWindow::reviewSuggestions);
    m_reviewAction->setObjectName(QStringLiteral("reviewLinksAction"));
    m_reviewAction->setEnabled(false);
    m_profileView->setLinkAllowed(why.isEmpty(), why);
    for (ProviderPanel* panel : std::as_const(m_panels))
        panel->setLinkAllowed(why.isEmpty(), why);
    connect(m_profileView, &SubjectProfileView::linkRequested, this, &MainWindow::openLinkDialog);
}

bool MainWindow::retryFailedSources()
{
    if (!m_searchService)
        return false;
    bool retried = false;
    for (const SearchSourceStatus& s : m_searchService->statuses())
        if (s.state == SearchSourceStatus::State::Error)
            retried = m_searchService->retry(s.source) || retried;
    return retried;
}

void MainWindow::updateSearchStatus()
{
    if (!m_model || !m_searchService)
        return;
    const QString query = m_model->query();
    QStringList names;
    for (const SearchSourceStatus& s : m_searchService->statuses())
        names << s.displayName;
    const int rows = m_model->rowCount();
    if (query.trimmed().isEmpty())
        m_searchStatus->setText(tr("Type part of a name, e-mail address or reference to search %1.")
                                    .arg(names.join(QStringLiteral(", "))));
    else if (m_searchService->isBusy())
        m_searchStatus->setText(tr("Searching for “%1”… %n person(s) so far.", nullptr, rows).arg(query));
    else if (rows == 0)
        m_searchStatus->setText(
            tr("Nothing matches “%1” in any source. Check the spelling or search by e-mail.").arg(query));
    else
        m_searchStatus->setText(tr("Matches for “%1”: %n person(s), %2 shown.", nullptr, rows)
                                    .arg(query)
                                    .arg(QLocale().toString(m_proxy->rowCount())));
}

void MainWindow::onSuggestionsChanged()
{
    const QList<LinkSuggestion>& suggestions = m_model ? m_model->suggestions() : QList<LinkSuggestion>();
    m_reviewAction->setEnabled(!suggestions.isEmpty());
    if (suggestions.isEmpty()) {
        m_suggestionBanner->hide();
        return;
    }
    const LinkSuggestion& first = suggestions.first();
    const QString on = first.matchedOn == QLatin1String("email") ? tr("same e-mail") : tr("same phone");
    m_suggestionBanner->showMessage(
        MessageBanner::Level::Info,
        tr("%n pair(s) of records look like the same person (%1 %2)… They are not linked.", nullptr,
           int(suggestions.size()))
            .arg(on, first.value),
        tr("Re&view…"));
}

void MainWindow::reviewSuggestions()
{
    if (!m_model || m_model->suggestions().isEmpty())
        return;
    auto* dialog = new LinkSuggestionsDialog(m_subjects.get(), m_model->suggestions(), this);
    const QString why = linkRestriction(m_operator.role);
    if (!why.isEmpty())
        dialog->findChild<QWidget*>(QStringLiteral("suggestionConfirm"))->setToolTip(why);
    connect(dialog, &QDialog::finished, dialog, &QObject::deleteLater);
    connect(dialog, &LinkSuggestionsDialog::confirmed, this, [this](const QString& reference) {
        afterIndexChanged(
            tr("The records are now linked to subject %1; the change is in the audit log.").arg(reference));
    });
    dialog->open();
}

void MainWindow::openLinkDialog()
{
    if (!linkRestriction(m_operator.role).isEmpty() || !m_model)
        return;
    const QModelIndex current = m_proxy->mapToSource(m_table->currentIndex());
    const FederatedSearchModel::Row row = m_model->itemAt(current);
    if (row.ids.isEmpty()) {
        showError(tr("Select a person in the results first."));
        return;
    }
    auto* dialog = new LinkSubjectDialog(m_subjects.get(), row.ids, row.subjectReference, this);
    connect(dialog, &QDialog::finished, dialog, &QObject::deleteLater);
    connect(dialog, &LinkSubjectDialog::linked, this,
            [this](const QString& reference, const QMap<QString, QString>&) {
                afterIndexChanged(tr("Linked to subject %1; the change is in the audit log.").arg(reference));
            });
    dialog->open();
}

void MainWindow::showAction(qint64 actionId)
{
    // An action dialog's "Show action #N": waiting ones are under Approvals, the others under Unresolved.
    if (m_approvals->selectAction(actionId)) {
        showTab(ApprovalsTab);
        return;
    }
    showTab(UnresolvedTab);
}

void MainWindow::openLinkIdDialog(ProviderPanel* panel)
{
    // "Link id…" of a provider's card: the person is known there under another id than the one shown.
    if (!linkRestriction(m_operator.role).isEmpty() || !m_model)
        return;
    const FederatedSearchModel::Row row = m_model->itemAt(m_proxy->mapToSource(m_table->currentIndex()));
    if (row.ids.isEmpty())
        return;
    const QString provider = panel->property("provider").toString();
    QMap<QString, QString> others = row.ids;
    others.remove(provider);
    auto* dialog = new LinkSubjectDialog(m_subjects.get(), others, row.subjectReference, panel);
    dialog->askForId(provider, panel->userId());
    connect(dialog, &QDialog::finished, dialog, &QObject::deleteLater);
    connect(dialog, &LinkSubjectDialog::linked, this,
            [this, provider, panel = QPointer<ProviderPanel>(panel)](const QString& reference,
                                                                     const QMap<QString, QString>& ids) {
                // The card follows the link at once; the next search merges the rows by it.
                if (panel)
                    panel->setLinkedId(ids.value(provider));
                m_profileView->load(reference);
                m_audit->markStale();
                showBanner(MessageBanner::Level::Success,
                           tr("%1 user id %2 is now linked to subject %3; the change is in the "
                              "audit log.")
                               .arg(ProviderRegistry::instance().displayName(provider), ids.value(provider),
                                    reference),
                           QString(), BannerAction::None);
            });
    dialog->open();
}

void MainWindow::importSubjects()
{
    if (!linkRestriction(m_operator.role).isEmpty())
        return;
    OpenFileDialog::ask(
        this, tr("Import subjects"), tr("Subjects CSV (*.csv);;All files (*)"), this,
        [this](const QString& path) {
            // The dry run and the import run on a connection of their own, off the GUI thread.
            auto* dialog = new ImportSubjectsDialog(m_services.newImportJob(m_operator), path, this);
            connect(dialog, &QDialog::finished, dialog, &QObject::deleteLater);
            connect(dialog, &ImportSubjectsDialog::imported, this, [this](int n) {
                afterIndexChanged(
                    tr("%n subject(s) imported or updated; the import is in the audit log.", nullptr, n));
            });
            dialog->open();
        });
}

void MainWindow::afterIndexChanged(const QString& message)
{
    showBanner(MessageBanner::Level::Success, message, QString(), BannerAction::None);
    m_audit->markStale();
    // Rows merge differently now: search again (the selection goes with it).
    if (m_model && !m_search->text().trimmed().isEmpty())
        searchNow();
}

void MainWindow::onCurrentRowChanged()
{
    const QModelIndex current = m_table->selectionModel()->currentIndex();
    if (!current.isValid() || !m_model) {
        clearPerson();
        m_profileView->clear();
        return;
    }
    const FederatedSearchModel::Row row = m_model->itemAt(m_proxy->mapToSource(current));
    const UserRecord record = recordFor(row);
    m_detail->showUser(record);
    // The ids the cards act on, also where the index links none: the profile's audit history and
    // approvals cover what is done here.
    QMap<QString, QString> known = row.ids;
    for (const ProviderModule* module : ProviderRegistry::instance().modules()) {
        const QString fromRecord = module->recordId() == ProviderModule::RecordId::ReferenceId
                                       ? record.referenceId
                                   : module->recordId() == ProviderModule::RecordId::Email ? record.email
                                                                                           : QString();
        if (!fromRecord.isEmpty() && !known.contains(module->key()))
            known.insert(module->key(), fromRecord);
    }
    // Each card: the person's own id there, or none: never the previous person's.
    for (ProviderPanel* panel : std::as_const(m_panels))
        panel->showPerson(record, known.value(panel->property("provider").toString()));
    if (!row.subjectReference.isEmpty()) {
        m_profileView->load(row.subjectReference, QString(), known);
        return;
    }
    for (const QString& provider : Subject::providers()) {
        if (row.ids.contains(provider)) {
            m_profileView->load(row.ids.value(provider), provider, known);
            return;
        }
    }
    m_profileView->clear();
}
