// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "domain/SubjectImportReport.h"

#include <QDialog>

class QLabel;
class QLineEdit;
class QPushButton;
class QTableWidget;
class SubjectService;

/// The dry run of a subjects CSV import: what each row would do (new / changed / unchanged /
/// conflicting / bad, with its line number and problems), then Import with a reason. A file with
/// any bad or conflicting row cannot be imported (nothing is written).
class ImportSubjectsDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ImportSubjectsDialog)

public:
    ImportSubjectsDialog(SubjectService* subjects, SubjectImportReport report, QWidget* parent = nullptr);

    QString summaryText() const;
    QString errorText() const;

signals:
    void imported(int subjects);

private:
    void updateWidgets();
    void apply();

    SubjectService* m_subjects;
    SubjectImportReport m_report;
    QLabel* m_summary;
    QTableWidget* m_table;
    QLineEdit* m_reason;
    QLabel* m_error;
    QPushButton* m_import;
};
