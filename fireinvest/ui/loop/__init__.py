"""The 闭环管理 tab and the loop board: accountability, prevention, measures, the assessment."""
