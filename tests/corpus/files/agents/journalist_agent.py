from phi.tools.serpapi_tools import SerpApiTools
    tools=[SerpApiTools(api_key="8d858201545d63f7fc884db79160a087290ad7f0a7dea741aa81e7e580eb2b3b")],
agentops.init(api_key="a2248593-0c3e-4c6a-a8c6-da2a61842022")
os.environ["ZAPIER_NLA_API_KEY"] = "sk-ak-KZIEeiyawnvhng0876DiKohz2k"
    "url": "https://mcp.alphavantage.co/mcp?apikey=HSDBPSID3518AJQ1"
