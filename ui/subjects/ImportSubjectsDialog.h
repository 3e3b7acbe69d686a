// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QDialog>

class QLabel;
class QLineEdit;
class QProgressBar;
class QPushButton;
class QTableWidget;
class SubjectImportJob;

/// A subjects CSV import: the dry run of the file (what each row would do: new / changed / unchanged /
/// conflicting / bad, with its line number and problems), then Import with a reason. Both run off the
/// GUI thread (SubjectImportJob) with a progress bar and Cancel; a file with any bad or conflicting row
/// cannot be imported, and a cancelled import writes nothing. Closing the dialog while it works cancels
/// the work and closes once it has stopped.
class ImportSubjectsDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ImportSubjectsDialog)

public:
    /// Starts the dry run of `filePath` at once with `job` (idle), which the dialog takes as its child.
    ImportSubjectsDialog(SubjectImportJob* job, const QString& filePath, QWidget* parent = nullptr);
    ~ImportSubjectsDialog() override;

    QString summaryText() const;
    QString errorText() const;
    bool isWorking() const;

    /// Cancels the running work first (the dialog closes when it has stopped).
    void reject() override;

signals:
    void imported(int subjects);

private:
    void updateWidgets();
    /// The Cancel button: stops the running work (the dialog stays and says so), else closes.
    void cancelOrClose();
    void showProgress(qint64 done, qint64 total);
    void showReport();
    void apply();
    void onApplied(bool ok, const QString& error);

    SubjectImportJob* m_job;
    bool m_closeWhenStopped = false;
    QLabel* m_summary;
    QProgressBar* m_progress;
    QTableWidget* m_table;
    QLineEdit* m_reason;
    QLabel* m_error;
    QPushButton* m_import;
    QPushButton* m_cancel;
};
