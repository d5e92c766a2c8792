//! The command line: one struct per subcommand (docs/报表格式.md §十三).

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

#[derive(Debug, Parser)]
#[command(
    name = "xtic",
    version,
    about = "科技创新综合体月报：读取各县（市、区）报表，检查数据，统计行动计划目标完成情况，生成报告",
    long_about = None
)]
pub struct Cli {
    /// 日志详细程度（-v 信息，-vv 调试），日志写到标准错误
    #[arg(short, long, action = clap::ArgAction::Count, global = true)]
    pub verbose: u8,
    /// 同时把日志追加写入此文件
    #[arg(long, global = true, value_name = "FILE")]
    pub log: Option<PathBuf>,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// 生成月度进展报告（工作簿、图表、summary.json、退回清单）
    Report(ReportArgs),
    /// 只读取和检查报表，列出全部问题，不写任何文件
    Check(CheckArgs),
    /// 生成供各单位填报的空白报表
    Template(TemplateArgs),
    /// 打印内置的计划文件，供复制修改
    Plan(PlanArgs),
    /// 生成确定性的示例报表（演示、测试、压力测试用）
    Sample(SampleArgs),
    /// 生成命令行补全脚本
    Completions(CompletionsArgs),
}

#[derive(Debug, Args, Clone)]
pub struct InputArgs {
    /// 报表所在文件夹（含子文件夹）
    #[arg(long, default_value = "inputs", value_name = "DIR")]
    pub inputs: PathBuf,
    /// 报告月份 YYYY-MM；缺省为至少半数单位已报送的最近月份
    #[arg(long, value_name = "YYYY-MM")]
    pub period: Option<String>,
    /// 计划文件（TOML）；缺省使用内置的计划文件（xtic plan 可打印）
    #[arg(long, value_name = "FILE")]
    pub plan: Option<PathBuf>,
}

#[derive(Debug, Args, Clone)]
pub struct ReportArgs {
    #[command(flatten)]
    pub input: InputArgs,
    /// 输出文件夹
    #[arg(long, default_value = "outputs", value_name = "DIR")]
    pub outputs: PathBuf,
    /// 把 summary.json 打印到标准输出
    #[arg(long)]
    pub json: bool,
    /// 只打印错误（供定时任务使用）
    #[arg(long, short)]
    pub quiet: bool,
    /// 图表使用的字体文件（TTF/OTF/TTC）；缺省使用内置的文泉驿微米黑
    #[arg(long, value_name = "FILE")]
    pub font: Option<PathBuf>,
    /// 输出文件夹被另一次运行占用时立即退出，不等待
    #[arg(long)]
    pub no_wait: bool,
}

#[derive(Debug, Args, Clone)]
pub struct CheckArgs {
    #[command(flatten)]
    pub input: InputArgs,
    /// 以 JSON 打印问题清单
    #[arg(long)]
    pub json: bool,
    /// 只打印错误
    #[arg(long, short)]
    pub quiet: bool,
}

#[derive(Debug, Args, Clone)]
pub struct TemplateArgs {
    /// 为此单位生成
    #[arg(long, value_name = "NAME", conflicts_with = "all")]
    pub unit: Option<String>,
    /// 为计划中的全部单位生成
    #[arg(long)]
    pub all: bool,
    /// 报告期 YYYY-MM（必填）
    #[arg(long, value_name = "YYYY-MM")]
    pub period: Option<String>,
    /// 输出文件夹
    #[arg(long, default_value = "templates/out", value_name = "DIR")]
    pub out: PathBuf,
    /// 计划文件（TOML）
    #[arg(long, value_name = "FILE")]
    pub plan: Option<PathBuf>,
    /// 报表文件夹：按各单位报告期以前最近一期可用报表预填综合体
    #[arg(long, value_name = "DIR")]
    pub from: Option<PathBuf>,
}

#[derive(Debug, Args, Clone)]
pub struct PlanArgs {
    /// 打印此计划文件（检查后原样输出）而不是内置计划
    #[arg(long, value_name = "FILE")]
    pub plan: Option<PathBuf>,
}

#[derive(Debug, Args, Clone)]
pub struct SampleArgs {
    /// 单位数（缺省为计划的单位数）；与计划不同时另写一份对应的计划文件 plan.toml
    #[arg(long)]
    pub units: Option<usize>,
    /// 从计划首月起的月数（缺省：内置计划为 36 个月；其他计划写到计划中段，
    /// 使报告中各种目标状态都出现）
    #[arg(long)]
    pub months: Option<u32>,
    /// 每个单位的综合体数（缺省按各单位实际情况）
    #[arg(long)]
    pub complexes: Option<usize>,
    /// 随机种子
    #[arg(long, default_value_t = 2020)]
    pub seed: u64,
    /// 按此计划文件的单位、分组、目标、年度和产业目录生成（缺省：内置计划）
    #[arg(long, value_name = "FILE")]
    pub plan: Option<PathBuf>,
    /// 输出文件夹
    #[arg(long, default_value = "inputs", value_name = "DIR")]
    pub out: PathBuf,
}

#[derive(Debug, Args, Clone)]
pub struct CompletionsArgs {
    /// bash、zsh、fish、powershell 或 elvish
    pub shell: clap_complete::Shell,
}
